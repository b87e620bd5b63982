#!/usr/bin/env node
// Runs the TypeScript exporter through tsx, so `npx ufo-exporter` works without a build step.
// tsx's require() hook runs in this thread; its ESM loader would start a second V8 isolate for the
// module hooks (~35 MB more RSS), so the exporter is loaded with require() (no top-level await in it).
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { register } from 'tsx/cjs/api';

// A smaller young generation: the exporter allocates little per scrape, and RSS matters (bench/RESULTS.md).
v8.setFlagsFromString('--max-semi-space-size=4');
register();
const { runCli } = createRequire(import.meta.url)('../exporter/main.ts');
await runCli(process.argv.slice(2));
