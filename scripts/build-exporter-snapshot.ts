/**
 * The exporter's start-up snapshot, built by `npm run build` next to the ES build (docs/performance.md):
 *
 *   dist/exporter/snapshot.cjs   exporter/snapshot-main.ts and everything it imports, lazy modules
 *                                included, as one CommonJS file (a snapshot's entry cannot load files)
 *   dist/exporter/snapshot.blob  V8's heap after `node --build-snapshot` ran that file: every module
 *                                loaded and evaluated, started by `node --snapshot-blob … -- <args>`
 *   dist/exporter/snapshot.json  what the blob was made with (Node's version, the node flags) and its
 *                                size and CRC-32, for the launcher to check before it hands the blob
 *                                to node (scripts/stack/exporter-snapshot.ts)
 *
 * V8 refuses a blob made under other V8 flags, so it is built with EXPORTER_NODE_FLAGS, the flags it
 * runs with. Node 20 cannot put `http` (its parser binding), `https`, `tls` or `child_process` in a
 * snapshot: those built-ins are loaded when the snapshot's main function starts (exporter/snapshot-deferred.ts).
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotBlob, snapshotManifest, snapshotManifestPath } from './stack/exporter-snapshot';

/** Built-ins whose loading must wait for the snapshot's main function (Node 20 fails or warns at `--build-snapshot`). */
export const SNAPSHOT_DEFERRED_BUILTINS: ReadonlySet<string> = new Set(['http', 'https', 'tls', 'child_process']);

export interface SnapshotBuild {
  readonly root: string;
  readonly out: string;
  readonly define: Readonly<Record<string, string>>;
  readonly plugins: Plugin[];
  readonly flags: readonly string[];
}

export async function buildExporterSnapshot({ root, out, define, plugins, flags }: SnapshotBuild): Promise<void> {
  const bundle = join(out, 'snapshot.cjs');
  const blob = snapshotBlob(out);
  await build({
    entryPoints: [join(root, 'exporter/snapshot-main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import.meta.url: main.js's URL, set at build time here and from the blob's path by snapshot-main.ts.
    banner: { js: "var __UFO_MODULE_URL__ = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'main.js')).href;" },
    define: { ...define, 'import.meta.url': '__UFO_MODULE_URL__' },
    external: ['esbuild'],
    plugins,
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  } satisfies BuildOptions);
  rmSync(blob, { force: true });
  try {
    execFileSync(process.execPath, [...flags, '--snapshot-blob', blob, '--build-snapshot', bundle], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`node --build-snapshot ${bundle} failed:\n${stderr.slice(-3000)}`);
  }
  writeFileSync(snapshotManifestPath(out), `${JSON.stringify(snapshotManifest(readFileSync(blob), flags))}\n`);
}
