/**
 * The `ufo-exporter` command as users run it (node bin/ufo-exporter.js): start-up to the first
 * served scrape, exit status on a bad config, graceful shutdown on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { parseMetrics } from '../helpers/metrics-text';

const BIN = fileURLToPath(new URL('../../bin/ufo-exporter.js', import.meta.url));
const API_KEY = 'cli-test-key-83d1';

/** Resolves with the exporter's URL from its "exporter listening" log line. */
function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no "exporter listening" line within ${timeoutMs} ms: ${buffered}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('exporter listening'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { address: string }).address);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${buffered}`)));
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('ufo-exporter command', () => {
  let sim: Simulator;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 1, seed: 5 });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sim?.close();
  });

  it('serves its first scrape within 2 s of start and stops cleanly on SIGTERM', async () => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, '--web.listen-address=127.0.0.1:0', `--ufo.url=${sim.url}`, '--ufo.timeout=1s'], {
      env: { ...process.env, UFO_EXPORTER_UFO_API_KEY: API_KEY },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const url = await listeningUrl(child, 5000);
    const res = await fetch(`${url}/metrics`);
    const elapsed = performance.now() - started;
    const metrics = parseMetrics(await res.text());
    expect(res.status).toBe(200);
    expect(metrics.value('ufo_up')).toBe(1);
    expect(metrics.find('ufo_client_info')).toHaveLength(3);
    expect(metrics.find('process_resident_memory_bytes')).toHaveLength(1);
    console.log(`start-up to first served scrape: ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(2000);

    expect((await fetch(`${url}/-/ready`)).status).toBe(200);
    expect(await (await fetch(`${url}/-/healthy`)).text()).toBe('OK\n');
    expect(await (await fetch(`${url}/`)).text()).toContain('href="/metrics"');
    child.kill('SIGTERM');
    expect(await exited(child, 5000)).toBe(0);
  });

  it('exits 2 naming the bad setting and its origin', () => {
    const result = spawnSync(process.execPath, [BIN, '--web.listen-address=nowhere'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('web.listen-address (flag --web.listen-address) must be host:port');
  });
});
