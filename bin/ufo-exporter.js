#!/usr/bin/env node
// Runs the TypeScript exporter through tsx, so `npx ufo-exporter` works without a build step.
// tsx's require() hook runs in this thread; its ESM loader would start a second V8 isolate for the
// module hooks (~35 MB more RSS), so the exporter is loaded with require() (no top-level await in it).
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const { runCli } = createRequire(import.meta.url)('../exporter/main.ts');
await runCli(process.argv.slice(2));
