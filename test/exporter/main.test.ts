/**
 * The `ufo-exporter` command as users run it (node bin/ufo-exporter.js): start-up to the first
 * served scrape, exit status on a bad config, graceful shutdown on SIGTERM. How fast it starts and
 * how much memory it needs are measured by `npm run bench` (bench/RESULTS.md), not asserted here:
 * wall-clock and RSS limits fail on a busy machine for reasons that are not the exporter's.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { EXPORTER_BIN, spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';
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

  it('serves its first scrape once started and stops cleanly on SIGTERM', async () => {
    const exporter = await spawnExporter([`--ufo.url=${sim.url}`, '--ufo.timeout=1s'], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
    children.push(exporter);
    const { url } = exporter;
    const res = await fetch(`${url}/metrics`);
    const metrics = parseMetrics(await res.text());
    expect(res.status).toBe(200);
    expect(metrics.value('ufo_up')).toBe(1);
    expect(metrics.find('ufo_client_info')).toHaveLength(3);
    expect(metrics.find('process_resident_memory_bytes')).toHaveLength(1);

    expect((await fetch(`${url}/-/ready`)).status).toBe(200);
    expect(await (await fetch(`${url}/-/healthy`)).text()).toBe('OK\n');
    expect(await (await fetch(`${url}/`)).text()).toContain('href="/metrics"');
    expect(await exporter.stop()).toBe(0);
  });

  it('exits 2 naming the bad setting and its origin', () => {
    const result = spawnSync(process.execPath, [EXPORTER_BIN, '--web.listen-address=nowhere'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('web.listen-address (flag --web.listen-address) must be host:port');
  });
});
