/**
 * `npm run build:rules`: regenerates every generated file (docs, rules, alertmanager, grafana, k8s)
 * from its TS source. `--check` writes nothing and exits 1 when the committed files drift.
 */
import { findDrift, writeAll } from './build/run';

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const drift = await findDrift();
    for (const d of drift) console.error(`drift: ${d.path} is ${d.problem}; run npm run build:rules and commit`);
    process.exitCode = drift.length > 0 ? 1 : 0;
    if (drift.length === 0) console.log('build:rules --check: generated files match their sources');
    return;
  }
  const written = await writeAll();
  console.log(written.length === 0 ? 'build:rules: everything up to date' : `build:rules: wrote ${written.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(`build:rules failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
