/**
 * Prints an existing Alertmanager config with the UFO fragment merged in (alertmanager/merge.ts):
 *   npx tsx scripts/merge-alertmanager.ts existing.yml [alertmanager/generated/ufo-route.yml] > merged.yml
 * Then check it with `amtool check-config merged.yml` (docs/drop-in.md).
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { mergeUfoFragment, type LooseConfig } from '../alertmanager/merge';

function readConfig(path: string): LooseConfig {
  const value: unknown = parse(readFileSync(path, 'utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: not an Alertmanager config (a YAML mapping)`);
  // Only route/receivers/inhibit_rules/templates/time_intervals are read; amtool check-config validates the rest.
  return value as LooseConfig;
}

const [existingPath, fragmentPath = 'alertmanager/generated/ufo-route.yml'] = process.argv.slice(2);
if (!existingPath) {
  console.error('usage: npx tsx scripts/merge-alertmanager.ts existing.yml [ufo-route.yml] > merged.yml');
  process.exit(2);
}
try {
  process.stdout.write(stringify(mergeUfoFragment(readConfig(existingPath), readConfig(fragmentPath)), { lineWidth: 0 }));
} catch (err) {
  console.error(`merge failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
