/**
 * `npm run build:rules`: regenerates every generated file (docs, rules, alertmanager, grafana, k8s)
 * from its TS source. `--check` writes nothing and exits 1 when the committed files drift.
 * `--config my.yaml --out DIR` builds a user's overrides (laid over bundle/defaults.ts) into DIR,
 * in the same layout as the committed files, without touching the repository.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadBundleConfig } from '../bundle/overlay';
import { findDrift, writeAll } from './build/run';

const USAGE = 'usage: npm run build:rules [-- --check | -- --config my.yaml --out DIR]';

function options(): { check: boolean; config: string | undefined; out: string | undefined } {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, config: { type: 'string' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.check && (values.config !== undefined || values.out !== undefined)) throw new Error(`--check compares the committed defaults; it takes no --config or --out\n${USAGE}`);
  if (values.config !== undefined && values.out === undefined)
    throw new Error(`--config needs --out DIR: the committed files are always the defaults\n${USAGE}`);
  return { check: values.check ?? false, config: values.config, out: values.out };
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.check) {
    const drift = await findDrift();
    for (const d of drift) console.error(`drift: ${d.path} is ${d.problem}; run npm run build:rules and commit`);
    process.exitCode = drift.length > 0 ? 1 : 0;
    if (drift.length === 0) console.log('build:rules --check: generated files match their sources');
    return;
  }
  const config = opts.config === undefined ? undefined : loadBundleConfig(opts.config);
  const root = opts.out === undefined ? undefined : resolve(opts.out);
  const written = await writeAll(undefined, { ...(config ? { config } : {}), ...(root ? { root } : {}) });
  const where = root ?? 'the repository';
  console.log(written.length === 0 ? `build:rules: everything up to date in ${where}` : `build:rules: wrote into ${where}: ${written.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(`build:rules failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
