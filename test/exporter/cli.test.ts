/**
 * The `ufo-exporter` command as users run it (node bin/ufo-exporter.js): start-up to the first
 * served scrape, exit status on a bad config, graceful shutdown on SIGTERM, and its memory with
 * 10,000 clients (issue 2's target; bench/RESULTS.md has the full measurement).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { parseMetrics } from '../helpers/metrics-text';
import { EXPORTER_BIN, spawnExporter, type SpawnedExporter } from './helpers/spawn';
const API_KEY = 'cli-test-key-83d1';

describe('ufo-exporter command', () => {
  let sim: Simulator;
  const children: SpawnedExporter[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 1, seed: 5 });
  });
  afterAll(async () => {
    for (const c of children) await c.stop(1000);
    await sim?.close();
  });

  it('serves its first scrape within 2 s of start and stops cleanly on SIGTERM', async () => {
    const started = performance.now();
    const exporter = await spawnExporter([`--ufo.url=${sim.url}`, '--ufo.timeout=1s'], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
    children.push(exporter);
    const { url } = exporter;
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
    expect(await exporter.stop()).toBe(0);
  });

  it('stays under 150 MB RSS with 10,000 connected clients and per-client series, after a burst of scrapes', async () => {
    const clients = 10_000;
    const big = await startSimulator({ apiKey: API_KEY, devices: 0, constellations: 0, seed: 6 });
    try {
      big.control.addDevices(clients);
      const exporter = await spawnExporter([`--ufo.url=${big.url}`, '--ufo.timeout=10s', `--clients.max-series=${clients}`], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
      children.push(exporter);
      let text = '';
      for (let i = 0; i < 12; i++) text = await (await fetch(`${exporter.url}/metrics`)).text();
      const metrics = parseMetrics(text);
      expect(metrics.find('ufo_client_info')).toHaveLength(clients);
      const rssMb = (metrics.value('process_resident_memory_bytes') ?? Infinity) / 2 ** 20;
      console.log(`RSS with ${clients} clients after 12 scrapes: ${rssMb.toFixed(1)} MB`);
      expect(rssMb).toBeLessThan(150);
      expect(await exporter.stop()).toBe(0);
    } finally {
      await big.close();
    }
  });

  it('exits 2 naming the bad setting and its origin', () => {
    const result = spawnSync(process.execPath, [EXPORTER_BIN, '--web.listen-address=nowhere'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('web.listen-address (flag --web.listen-address) must be host:port');
  });
});
