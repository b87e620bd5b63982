#!/usr/bin/env node
// Runs the TypeScript exporter through tsx, so `npx ufo-exporter` works without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../exporter/main.ts');
await runCli(process.argv.slice(2));
