/**
 * What the compiled build (scripts/build-exporter.ts) leaves out of a plain start-up must still work
 * when asked for: the web config and the /events socket are chunks loaded on first use, yaml is
 * required only to read --config.file, and body-parser is not bundled at all, so the sources must
 * never use express' body parsers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { useTempDir } from '../helpers/temp-dir';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { EXPORTER_BIN, spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';

const API_KEY = 'compiled-build-key-5c1e';
const BEARER = 'compiled-build-bearer-77ad';
const EVENT_TOKEN = 'compiled-build-events-90fe';
const SOURCES = fileURLToPath(new URL('../../exporter', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
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

  it('never uses express body parsers (body-parser is left out of the bundle)', () => {
    const users = sourceFiles(SOURCES).filter((file) => /express\.(json|raw|text|urlencoded)\b|body-parser|\breq\.body\b/.test(readFileSync(file, 'utf8')));
    expect(users).toEqual([]);
  });

  it('reads --config.file (YAML) and names a broken one', async () => {
    const good = path.join(tmp.path, 'good.yml');
    await writeFile(good, `ufo.url: ${sim.url}\nufo.timeout: 1s\n`);
    const fromFile = await spawnExporter([`--config.file=${good}`], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
    try {
      const res = await fetch(`${fromFile.url}/metrics`);
      expect(parseMetrics(await res.text()).value('ufo_up')).toBe(1);
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
