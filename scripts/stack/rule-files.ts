/**
 * The rule file Prometheus loads in the stack: either the committed generated one
 * (rules/generated/ufo-rules.yml, what operators run), or the same rules rendered by the rules module's pure
 * `buildRules(config)` with a test config (short `for` durations), written to a temp dir.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../build/run';
import { buildRules } from '../../rules/rules';
import { renderRuleFile } from '../../rules/render';
import { RULE_FILE } from '../../rules/generator';
import type { RulesConfig } from '../../rules/config';

/** The committed generated rule file (absolute path); promtool's unit-test file beside it is not one. */
export function generatedRuleFile(): string {
  const path = join(REPO_ROOT, RULE_FILE);
  if (!existsSync(path)) throw new Error(`${RULE_FILE} is missing; run npm run build:rules`);
  return path;
}

/** Renders the rules for `config` into `dir`; returns the file path. */
export async function writeRulesFor(config: RulesConfig, dir: string): Promise<string> {
  const path = join(dir, 'ufo-rules.yml');
  await writeFile(path, renderRuleFile(buildRules(config)));
  return path;
}
