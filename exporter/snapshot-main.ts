/**
 * The entry of the start-up snapshot (scripts/build-exporter-snapshot.ts): `node --build-snapshot` runs
 * this file's bundle once at build time — every module of the exporter is loaded and evaluated then,
 * and V8's heap saved in dist/exporter/snapshot.blob — and `node --snapshot-blob snapshot.blob -- <args>`
 * starts from that heap and runs only the function below (docs/performance.md).
 */
import { startupSnapshot } from 'node:v8';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDeferredBuiltins } from './snapshot-deferred';
import { runCli } from './main';

/** The bundle's stand-in for `import.meta.url` (scripts/build-exporter-snapshot.ts defines it): main.js next to the blob. */
declare let __UFO_MODULE_URL__: string;

/** The blob's path from Node's own arguments (`--snapshot-blob path` or `--snapshot-blob=path`). */
function snapshotBlobPath(execArgv: readonly string[]): string | undefined {
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (arg === '--snapshot-blob') return execArgv[i + 1];
    if (arg.startsWith('--snapshot-blob=')) return arg.slice('--snapshot-blob='.length);
  }
  return undefined;
}

startupSnapshot.setDeserializeMainFunction(() => {
  const blob = snapshotBlobPath(process.execArgv);
  // Paths relative to the module (the parse worker, the status page's assets) resolve next to the blob, as from main.js.
  if (blob !== undefined) __UFO_MODULE_URL__ = pathToFileURL(resolve(dirname(blob), 'main.js')).href;
  loadDeferredBuiltins();
  runCli(process.argv.slice(1)).catch((err: unknown) => {
    process.stderr.write(`ufo-exporter: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
});
