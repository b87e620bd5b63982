/**
 * The page's script: exporter/status/browser/*.ts bundled into one small JS file with esbuild (it
 * ships with tsx, which runs the exporter), on the first request and then served from memory.
 * No build step, and nothing to keep in sync: tsc -p . type-checks the same sources.
 * esbuild's JS API is imported on that first request too: an exporter whose page is never opened
 * does not hold it in memory.
 */

import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));

let bundle: Promise<string> | undefined;

async function bundleBrowserCode(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`status page: esbuild produced no output for ${ENTRY}`);
  return file.text;
}

/** The bundled page script (built once; a failed build is retried on the next call). */
export function statusPageScript(): Promise<string> {
  bundle ??= bundleBrowserCode().catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
  return bundle;
}
