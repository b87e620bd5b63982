/**
 * The page's script: exporter/status/browser/*.ts bundled into one small JS file with esbuild.
 * The compiled exporter (`npm run build`, what `npm start`, the bin and the image run) carries it
 * prebuilt, inlined as __STATUS_PAGE_SCRIPT__ (scripts/build-exporter.ts). Run from the sources
 * (tests, the demo), it is bundled on the first request and then served from memory; esbuild's JS
 * API is imported only then.
 */

import { fileURLToPath } from 'node:url';

/** Defined by scripts/build-exporter.ts in the compiled exporter; absent in the sources. */
declare const __STATUS_PAGE_SCRIPT__: string | undefined;

const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));

let bundle: Promise<string> | undefined;

/** Bundles the browser sources with esbuild (also used by scripts/build-exporter.ts to prebuild it). */
export async function bundleBrowserCode(): Promise<string> {
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
  if (typeof __STATUS_PAGE_SCRIPT__ === 'string') return Promise.resolve(__STATUS_PAGE_SCRIPT__);
  bundle ??= bundleBrowserCode().catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
  return bundle;
}
