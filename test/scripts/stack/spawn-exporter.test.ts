/**
 * The exporter runs with the same node flags wherever it is started (EXPORTER_NODE_FLAGS): the bin's
 * shebang, `npm start`, the Dockerfile's ENTRYPOINT (which compose and the k8s manifests use, giving
 * only arguments), and the scripts and bench that spawn it through exporterNodeArgs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXPORTER_BIN, EXPORTER_NODE_ENV, EXPORTER_NODE_FLAGS, exporterEnvWords, exporterNodeArgs } from '../../../scripts/stack/spawn-exporter';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const flags = EXPORTER_NODE_FLAGS.join(' ');

describe('the node flags the exporter runs with', () => {
  it('are V8 flags (a number, or a feature turned off), each given once', () => {
    expect(EXPORTER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of EXPORTER_NODE_FLAGS) expect(flag).toMatch(/^--(?:[a-z-]+=\d+|no-[a-z-]+)$/);
    expect(new Set(EXPORTER_NODE_FLAGS.map((f) => f.split('=')[0])).size).toBe(EXPORTER_NODE_FLAGS.length);
  });

  it('are in the shebang of bin/ufo-exporter.js (the command on PATH)', () => {
    expect(read('bin/ufo-exporter.js').split('\n')[0]).toBe(`#!/usr/bin/env -S ${exporterEnvWords()} node ${flags}`);
  });

  it('are in `npm start`', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`${exporterEnvWords()} node ${flags} bin/ufo-exporter.js`);
  });

  it("are in the Docker image's ENTRYPOINT, which compose and the k8s manifests do not replace", () => {
    // The exporter is the last stage (the default target).
    const entrypoint = [...read('Dockerfile').matchAll(/^ENTRYPOINT (\[.*\])$/gm)].at(-1)?.[1];
    expect(JSON.parse(entrypoint ?? 'null')).toEqual(['node', ...EXPORTER_NODE_FLAGS, 'bin/ufo-exporter.js']);
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { entrypoint?: unknown; build?: { target?: string } }> };
    expect(compose.services.exporter?.build?.target).toBe('exporter');
    expect(compose.services.exporter?.entrypoint).toBeUndefined();
    expect(read('k8s/deployment.yaml')).not.toMatch(/^\s+command:/m);
  });

  it('come with an environment of NAME=number settings (glibc malloc), given as words to env -S and the shell', () => {
    expect(Object.keys(EXPORTER_NODE_ENV).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(EXPORTER_NODE_ENV)) expect(`${name}=${value}`).toMatch(/^[A-Z_]+=\d+$/);
    expect(exporterEnvWords()).toBe('MALLOC_ARENA_MAX=2');
  });

  it('come before the bin in the arguments the scripts and the bench spawn node with', () => {
    expect(exporterNodeArgs(['--log.level=warn'])).toEqual([...EXPORTER_NODE_FLAGS, EXPORTER_BIN, '--log.level=warn']);
  });
});
