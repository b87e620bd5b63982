/**
 * Case 5 of the hardening issue: a 100 KB client id from the API was exported as-is in three
 * families. Every label value from outside is now at most 256 characters, distinct ids stay distinct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdAt } from '../../exporter/client-list';
import type { ClientSnapshotEntry } from '../../exporter/events';
import { boundEventLabels, boundLabel, MAX_LABEL_CHARS } from '../../exporter/label-bounds';
import { startTestExporter, type TestExporter } from '../helpers/exporter';
import { API_KEY, startTestSimulator, type TestSimulator } from '../helpers/simulator';

describe('boundLabel', () => {
  it('keeps short values, shortens long ones to the cap and keeps two long ones apart', () => {
    expect(boundLabel('win-1')).toBe('win-1');
    const a = boundLabel('a'.repeat(100_000));
    const b = boundLabel(`${'a'.repeat(99_999)}b`);
    expect(a).toHaveLength(MAX_LABEL_CHARS);
    expect(b).toHaveLength(MAX_LABEL_CHARS);
    expect(a).not.toBe(b);
    expect(boundLabel('a'.repeat(100_000))).toBe(a);
  });

  it('never cuts a surrogate pair in half', () => {
    const shortened = boundLabel('🛸'.repeat(1000));
    expect(shortened.length).toBeLessThanOrEqual(MAX_LABEL_CHARS);
    expect(() => encodeURIComponent(shortened)).not.toThrow();
  });
});

describe('boundEventLabels on a client list', () => {
  it('scans a list found within bounds once: the API source hands over the same list while nothing changed', () => {
    let reads = 0;
    const entry = { get clientId() { reads++; return 'win-1'; }, platform: 'linux' } as ClientSnapshotEntry;
    const snapshot = { type: 'clients_snapshot', source: 'api', at: 1, clients: [entry] } as const;
    expect(boundEventLabels(snapshot, () => undefined)).toBe(snapshot);
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    expect(boundEventLabels({ ...snapshot, at: 2 }, () => undefined).type).toBe('clients_snapshot');
    expect(reads).toBe(afterFirst);
    // Another list object is scanned again, and a too-long value in it is still shortened.
    let shortened = 0;
    const long = boundEventLabels({ ...snapshot, clients: [{ clientId: 'x'.repeat(300) }] }, () => shortened++);
    expect(long.type === 'clients_snapshot' && clientIdAt(long.clients, 0).length).toBe(MAX_LABEL_CHARS);
    expect(shortened).toBe(1);
  });
});

describe('a 100 KB client id from the API', () => {
  let sim: TestSimulator;
  let exporter: TestExporter;
  const hugeId = `win-${'x'.repeat(100_000)}`;
  beforeAll(async () => {
    sim = await startTestSimulator({ logFile: undefined, shape: 'rich' });
    sim.control.connect(hugeId, { platform: `p${'q'.repeat(10_000)}` });
    sim.control.connect('win-2');
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.stop();
  });

  it('is exported shortened to the cap in every family, and counted', async () => {
    const metrics = await exporter.scrape();
    const longest = Math.max(...metrics.samples.flatMap((s) => Object.values(s.labels).map((v) => v.length)));
    expect(longest).toBeLessThanOrEqual(MAX_LABEL_CHARS);
    const id = boundLabel(hugeId);
    for (const family of ['ufo_client_info', 'ufo_client_connection_start_time_seconds'])
      expect(metrics.find(family, { client_id: id }), family).toHaveLength(1);
    // The id and the platform were shortened (once per poll that listed them).
    expect(metrics.valueOrZero('ufo_exporter_bound_overflows_total', { bound: 'label_length' })).toBeGreaterThanOrEqual(2);
    expect(metrics.value('ufo_exporter_bound_limit', { bound: 'label_length' })).toBe(MAX_LABEL_CHARS);
  });

  it('is shortened in the reconnect series too, once the client reconnects', async () => {
    sim.control.disconnect(hugeId, 1006);
    await exporter.scrape();
    sim.control.connect(hugeId, { platform: 'windows' });
    const metrics = await exporter.scrape();
    expect(metrics.value('ufo_client_reconnects_total', { client_id: boundLabel(hugeId) })).toBe(1);
  });
});
