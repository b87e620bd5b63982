#!/usr/bin/env node
// Runs the compiled exporter (dist/, built by `npm run build`; ensure-deps and `npm start` build it
// when it is missing or older than the sources). Plain JavaScript: no tsx or esbuild at run time.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/exporter/main.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('ufo-exporter: dist/exporter/main.js is missing: run `npm run build` first\n');
  process.exit(1);
}
const { runCli } = await import(compiled.href);
await runCli(process.argv.slice(2));
