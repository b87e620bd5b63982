/**
 * The TypeScript parse worker runs as one bundled JavaScript file (no TypeScript loader, so no hooks
 * thread, in the worker: exporter/worker-settle.ts says why that matters), made once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledWorkerScript } from '../../../../exporter/sources/api/bundled-worker-script';

describe('bundledWorkerScript', () => {
  it('bundles the worker and its imports into one .mjs file, once', () => {
    const source = new URL('../../../../exporter/sources/api/clients-parse-worker.ts', import.meta.url);
    const url = bundledWorkerScript(source);
    expect(url.pathname).toMatch(/\.mjs$/);
    const code = readFileSync(fileURLToPath(url), 'utf8');
    expect(code).toContain('WaitForBackgroundOptimization'); // worker-settle.ts, inlined
    expect(code).not.toMatch(/from ["']\.\.?\//); // no relative imports left
    expect(code).not.toContain('tsx');
    expect(bundledWorkerScript(source).href).toBe(url.href);
  });

  it('names the script it could not bundle', () => {
    expect(() => bundledWorkerScript(new URL('file:///nonexistent/worker.ts'))).toThrow(/nonexistent\/worker\.ts/);
  });
});
