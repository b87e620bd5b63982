/**
 * What the compiled build (scripts/build-exporter.ts) leaves out of a plain start-up must still work
 * when asked for: the web config and the /events socket are chunks loaded on first use, yaml is
 * required only to read --config.file. What a plain start loads is read from the build's metafile
 * (modules, not times: start-up time is measured by the bench).
 */
import { spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { readFileSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { readGitHead } from '../../exporter/metrics/build-info';
import { useTempDir } from '../helpers/temp-dir';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { EXPORTER_BIN, spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';

const API_KEY = 'compiled-build-key-5c1e';
const BEARER = 'compiled-build-bearer-77ad';
const EVENT_TOKEN = 'compiled-build-events-90fe';
const DIST = fileURLToPath(new URL('../../dist/exporter/', import.meta.url));

interface Metafile {
  readonly outputs: Record<string, { readonly imports: readonly { readonly path: string; readonly kind: string; readonly external?: boolean }[]; readonly inputs: Record<string, unknown> }>;
}

/**
 * What a plain start loads: every input (source file or package file) in main.js and the chunks it
 * imports statically, and the packages they require from node_modules at load time.
 */
function loadedAtStart(): { inputs: string[]; required: string[]; files: string[] } {
  const meta = JSON.parse(readFileSync(path.join(DIST, 'meta.json'), 'utf8')) as Metafile;
  const outputs = new Map(Object.entries(meta.outputs).map(([file, output]) => [path.basename(file), output]));
  const loaded = new Set<string>();
  const visit = (name: string): void => {
    const output = outputs.get(name);
    if (!output || loaded.has(name)) return;
    loaded.add(name);
    for (const imported of output.imports) if (imported.kind === 'import-statement') visit(path.basename(imported.path));
  };
  visit('main.js');
  const outputsLoaded = [...loaded].map((name) => outputs.get(name)!);
  return {
    files: [...loaded],
    inputs: outputsLoaded.flatMap((output) => Object.keys(output.inputs)),
    required: outputsLoaded.flatMap((output) => output.imports.filter((i) => i.external && i.kind !== 'dynamic-import').map((i) => i.path)),
  };
}

/** node_modules packages among the inputs; ajv's small runtime helpers (used by the build-time validators' code) left out. */
function packagesOf(inputs: readonly string[]): Set<string> {
  return new Set(inputs.filter((input) => !input.includes('/ajv/dist/runtime/')).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []));
}

/** The web credential in the Authorization header, the event token in the query. */
function websocketOpens(url: string, eventToken: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${eventToken}`, { headers: { authorization: `Bearer ${BEARER}` }, handshakeTimeout: 10_000 });
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(false);
    });
    ws.on('error', reject);
  });
}

describe('the compiled exporter', () => {
  const tmp = useTempDir('compiled-build-');
  let sim: Simulator;
  let exporter: SpawnedExporter | undefined;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 0, seed: 7 });
  });
  afterAll(async () => {
    await exporter?.stop(1000);
    await sim?.close();
  });

  it('loads at start neither a web framework, nor prom-client, nor what only TLS, the web config, /events, the status page, a log file or a config file need', () => {
    const { inputs, required, files } = loadedAtStart();
    expect(inputs.some((i) => i.endsWith('exporter/main.ts'))).toBe(true);
    // The status page's modules come with its first request (exporter/status/setup.ts).
    expect(inputs.filter((i) => /exporter\/(web\/web-config|sources\/push\/|status\/(router|build-document|alertmanager|bundle))/.test(i))).toEqual([]);
    // main.js and one chunk: each ES module is a cost of its own for Node's loader (scripts/build-exporter.ts).
    expect(files).toHaveLength(2);
    // The log source's modules come with --ufo.log-file (exporter/targets/pipeline.ts).
    expect(inputs.filter((i) => /exporter\/sources\/log\//.test(i))).toEqual([]);
    const packages = packagesOf(inputs);
    for (const name of ['express', 'prom-client', 'ws', 'yaml', 'ajv', 'bcryptjs', 'mime-db']) expect(packages.has(name), name).toBe(false);
    // Required from node_modules at load time (not bundled): nothing, Node's own modules aside.
    expect(required.filter((p) => !isBuiltin(p))).toEqual([]);
    // Node's TLS, crypto and worker threads only on first use (exporter/node-modules-on-demand.ts).
    for (const name of ['https', 'tls', 'crypto', 'worker_threads']) expect(required.map((p) => p.replace(/^node:/, '')), name).not.toContain(name);
  });

  it('builds the parse worker on its own: it shares no chunk with main.js, and parses an answer', async () => {
    const meta = JSON.parse(readFileSync(path.join(DIST, 'meta.json'), 'utf8')) as Metafile;
    const [, worker] = Object.entries(meta.outputs).find(([file]) => file.endsWith('/clients-parse-worker.js'))!;
    expect(worker.imports.filter((i) => !i.external)).toEqual([]);
    const thread = new Worker(new URL('clients-parse-worker.js', pathToFileURL(DIST)));
    try {
      const body = Buffer.from(JSON.stringify({ clients: [{ client_id: 'win-1', type: 'device', platform: 'windows', connected_at: 1, uptime_seconds: 2 }] }));
      const reply = new Promise<{ ok: boolean; columns?: { ids: string[] } }>((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      });
      thread.postMessage({ id: 1, bytes: new Uint8Array(body), url: 'http://127.0.0.1:1/api/clients' });
      expect(await reply).toMatchObject({ ok: true, columns: { ids: ['win-1'] } });
    } finally {
      await thread.terminate();
    }
  });

  it('carries the git revision it was built from: a copy away from the checkout (no .git) still reports it, and UFO_EXPORTER_REVISION overrides it', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const copy = path.join(tmp.path, 'copy');
    await mkdir(path.join(copy, 'bin'), { recursive: true });
    await cp(DIST, path.join(copy, 'dist/exporter'), { recursive: true });
    await cp(EXPORTER_BIN, path.join(copy, 'bin/ufo-exporter.js'));
    await writeFile(path.join(copy, 'package.json'), '{ "type": "module" }\n');
    const version = (env: NodeJS.ProcessEnv): string => {
      const result = spawnSync(process.execPath, [path.join(copy, 'bin/ufo-exporter.js'), '--version'], { encoding: 'utf8', timeout: 15_000, env });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    const { UFO_EXPORTER_REVISION: _stamped, ...env } = process.env;
    expect(version(env)).toContain(`(revision ${readGitHead(root).revision}, node `);
    expect(version({ ...env, UFO_EXPORTER_REVISION: 'stamped-1234' })).toContain('(revision stamped-1234, node ');
  });

  it('reads --config.file (YAML) and names a broken one', async () => {
    const good = path.join(tmp.path, 'good.yml');
    await writeFile(good, `ufo.url: ${sim.url}\nufo.timeout: 1s\n`);
    const fromFile = await spawnExporter([`--config.file=${good}`], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
    try {
      const res = await fetch(`${fromFile.url}/metrics`);
      const text = await res.text();
      expect(parseMetrics(text).value('ufo_up')).toBe(1);
      // package.json's version, written into the build (no read at start).
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(text).toMatch(new RegExp(`^ufo_exporter_build_info\\{[^}]*version="${version.replace(/\./g, '\\.')}"`, 'm'));
    } finally {
      await fromFile.stop(1000);
    }
    const bad = path.join(tmp.path, 'bad.yml');
    await writeFile(bad, 'ufo.url: [unclosed\n');
    const result = spawnSync(process.execPath, [EXPORTER_BIN, `--config.file=${bad}`], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--config.file ${bad}: not valid YAML`);
  });

  it('loads the web config and the /events socket when they are configured', async () => {
    await writeFile(path.join(tmp.path, 'token'), `${BEARER}\n`);
    await writeFile(path.join(tmp.path, 'web.yml'), 'bearer_token_file: token\n');
    exporter = await spawnExporter(
      [`--ufo.url=${sim.url}`, '--ufo.timeout=1s', `--web.config.file=${path.join(tmp.path, 'web.yml')}`, `--events.token=${EVENT_TOKEN}`],
      { UFO_EXPORTER_UFO_API_KEY: API_KEY },
    );
    expect((await fetch(`${exporter.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${exporter.url}/metrics`, { headers: { authorization: `Bearer ${BEARER}` } });
    expect(res.status).toBe(200);
    expect(parseMetrics(await res.text()).value('ufo_up')).toBe(1);
    const eventsUrl = `${exporter.url.replace('http://', 'ws://')}/events`;
    expect(await websocketOpens(eventsUrl, 'wrong-token')).toBe(false);
    expect(await websocketOpens(eventsUrl, EVENT_TOKEN)).toBe(true);
  });
});
