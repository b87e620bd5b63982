/**
 * A TypeScript worker script (the sources run as TypeScript: tests, `tsx exporter/main.ts`) bundled once
 * per process into one plain JavaScript file, so its worker thread loads no TypeScript loader. Through
 * tsx, each worker would register module hooks and so start a hooks thread of its own — a second isolate
 * torn down with the worker, busy compiling right up to the worker's first answer, which Node 20 can
 * abort the process over (exporter/worker-settle.ts). The compiled build never comes here: its worker is
 * bundled at build time (scripts/build-exporter.ts).
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BuildSync = typeof import('esbuild').buildSync;

/** Source URL → bundled file URL, for this process's life. */
const bundled = new Map<string, URL>();
let dir: string | undefined;

export function bundledWorkerScript(source: URL): URL {
  const known = bundled.get(source.href);
  if (known) return known;
  // Loaded here only: the compiled exporter never bundles at run time.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as { buildSync: BuildSync };
  const result = buildSync({ entryPoints: [fileURLToPath(source)], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`bundling the worker script ${fileURLToPath(source)} gave no output`);
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'ufo-worker-'));
    dir = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const file = join(dir, `worker-${bundled.size}.mjs`);
  writeFileSync(file, code);
  const url = pathToFileURL(file);
  bundled.set(source.href, url);
  return url;
}
