#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --no-sparkplug --max-inlined-bytecode-size-cumulative=230 --no-short-builtin-calls
// The flags keep V8's memory small (docs/performance.md): `env -S` passes them when this file runs as
// the `ufo-exporter` command; `node bin/ufo-exporter.js` ignores this line, so run it with the flags
// of EXPORTER_NODE_FLAGS as `npm start` and the Dockerfile do (MALLOC_ARENA_MAX:
// fewer glibc malloc arenas, scripts/stack/spawn-exporter.ts).
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
