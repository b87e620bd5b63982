/**
 * Does the exporter's memory level off under long churn? The real exporter (in this process, so its
 * containers can be inspected) follows the simulator's API and log while clients are replaced much
 * faster than in the bench soak, driving the state through its bounds many times:
 *
 *   node --expose-gc --import tsx scripts/scale/churn-memory.ts --clients 2000 --churn 500 --history 5000 --polls 400
 *
 * Every `--sample-every` polls it forces a GC and prints the live heap and every Map, Set or array
 * reachable from the running exporter with at least `--min-size` entries, by property path, so a
 * container that keeps growing shows by name. `--snapshots DIR` also writes V8 heap snapshots after
 * the first and the last sample and prints the objects by constructor that grew between them.
 * Each sample also prints the connects and disconnects counted so far, by reason: under fast churn
 * they should each grow by one per replaced client (issue 11d: none counted twice).
 * Figures are for bench/NOTES.md, not assertions.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { resolveConfig } from '../../exporter/config';
import type { RawValue } from '../../exporter/config/sources';
import { startExporter } from '../../exporter/exporter';
import { createLogger } from '../../exporter/logging';
import { startSimulator } from '../simulator/index';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    churn: { type: 'string', default: '500' },
    history: { type: 'string', default: '5000' },
    polls: { type: 'string', default: '400' },
    'sample-every': { type: 'string', default: '50' },
    'min-size': { type: 'string', default: '200' },
    snapshots: { type: 'string' },
  },
});
const num = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!(n >= 0)) throw new Error(`--${name}: expected a number, got ${String(args[name])}`);
  return n;
};
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx');

/** Every Map/Set/array reachable from `root` with at least `minSize` entries, by first-found path. */
function containers(root: object, minSize: number): Map<string, number> {
  const found = new Map<string, number>();
  const seen = new WeakSet<object>();
  const queue: [string, unknown][] = [['state', root]];
  for (let i = 0; i < queue.length; i++) {
    const [path, value] = queue[i]!;
    if (typeof value !== 'object' && typeof value !== 'function') continue;
    if (value === null || seen.has(value) || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
    let children: Iterable<[string, unknown]>;
    if (value instanceof Map) {
      if (value.size >= minSize) found.set(`${path} (Map)`, value.size);
      children = [...value.values()].slice(0, 2_000).map((v) => [`${path}[*]`, v] as [string, unknown]);
    } else if (value instanceof Set) {
      if (value.size >= minSize) found.set(`${path} (Set)`, value.size);
      children = [...value].slice(0, 2_000).map((v) => [`${path}[*]`, v] as [string, unknown]);
    } else if (Array.isArray(value)) {
      if (value.length >= minSize) found.set(`${path} (Array)`, value.length);
      children = value.slice(0, 2_000).map((v) => [`${path}[*]`, v] as [string, unknown]);
    } else {
      children = Object.getOwnPropertyNames(value).flatMap((key): [string, unknown][] => {
        const desc = Object.getOwnPropertyDescriptor(value, key);
        return desc && 'value' in desc ? [[`${path}.${key}`, desc.value]] : [];
      });
    }
    for (const child of children) queue.push(child);
  }
  return found;
}

/** Object counts and self sizes by constructor name in a .heapsnapshot file. */
function snapshotCounts(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? '?';
    const key = type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + nameAt]!]}` : `(${type})`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snap.nodes[i + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

const clients = num('clients');
const churn = num('churn');
const polls = num('polls');
const every = num('sample-every');
const dir = await mkdtemp(join(tmpdir(), 'churn-memory-'));
const apiKey = 'churn-key';
const sim = await startSimulator({ apiKey, devices: 0, constellations: 0, shape: 'rich', seed: 11, tickMs: 20, logFile: join(dir, 'ufo.log') });
sim.control.addDevices(clients);
const settings: Record<string, string> = {
  'web.listen-address': '127.0.0.1:0',
  'ufo.url': sim.url,
  'ufo.api-key': apiKey,
  'ufo.log-file': join(dir, 'ufo.log'),
  'clients.max-series': String(clients * 2),
  'clients.max-history': String(num('history')),
};
const config = resolveConfig([new Map<string, RawValue>(Object.entries(settings).map(([k, v]) => [k, { value: v, origin: `churn-memory ${k}` }]))]);
const exporter = await startExporter(config, createLogger({ level: 'error', format: 'logfmt', secrets: [apiKey] }));
const snapshots: string[] = [];
let replaced = 0;
const total = (entries: readonly { value: number }[]): number => entries.reduce((sum, e) => sum + e.value, 0);
/** Connects and disconnects counted so far (by reason): each replaced client should add one of each. */
function counts(): string {
  const byReason = new Map<string, number>();
  for (const e of exporter.state.clients.disconnects()) byReason.set(e.labels.reason, (byReason.get(e.labels.reason) ?? 0) + e.value);
  const reasons = [...byReason].filter(([, n]) => n > 0).map(([r, n]) => `${r}=${n}`).join(' ');
  return `connects ${total(exporter.state.clients.connects.entries())}, disconnects ${total([...byReason.values()].map((value) => ({ value })))} (${reasons})`;
}
try {
  for (let poll = 1; poll <= polls; poll++) {
    const leaving = sim.control.clients().slice(0, churn);
    for (const c of leaving) sim.control.disconnect(c.clientId, 1001);
    sim.control.addDevices(leaving.length);
    replaced += leaving.length;
    // A heap snapshot stalls this process for seconds: a kept-alive socket may have been closed meanwhile (retried once).
    const res = await fetch(exporter.metricsUrl).catch(() => fetch(exporter.metricsUrl));
    if (res.status !== 200) throw new Error(`scrape ${poll}: status ${res.status}`);
    const body = await res.text();
    if (poll === 1) console.log(body.split('\n').filter((l) => /^ufo_(up|clients_connected)/.test(l)).join(' '));
    if (poll % every !== 0) continue;
    gc();
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    const big = [...containers(exporter.state, num('min-size'))].map(([path, size]) => `${path}=${size}`).join(' ');
    console.log(`poll ${poll}: replaced ${replaced}, live heap ${heapMb.toFixed(1)} MB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB | ${big}`);
    console.log(`  counted: ${counts()}`);
    if (args.snapshots && (poll === every || poll + every > polls)) snapshots.push(writeHeapSnapshot(join(args.snapshots, `churn-${poll}.heapsnapshot`)));
  }
  // The log may lag: wait for the last replaced clients' disconnects (or their grace window) before the final counts.
  const settleBy = Date.now() + config.disconnectGraceMs + 5000;
  while (total(exporter.state.clients.disconnects()) < replaced && Date.now() < settleBy) await new Promise((r) => setTimeout(r, 200));
  console.log(`final, ${replaced} replaced: ${counts()}`);
} finally {
  await exporter.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
if (snapshots.length === 2) {
  const [a, b] = snapshots.map(snapshotCounts) as [ReturnType<typeof snapshotCounts>, ReturnType<typeof snapshotCounts>];
  const grown = [...b].map(([k, v]) => ({ k, count: v.count - (a.get(k)?.count ?? 0), bytes: v.bytes - (a.get(k)?.bytes ?? 0) }));
  grown.sort((x, y) => y.bytes - x.bytes);
  console.log(`grown between ${snapshots[0]} and ${snapshots[1]} (top 15 by bytes):`);
  for (const g of grown.slice(0, 15)) console.log(`  ${g.k}: ${g.count >= 0 ? '+' : ''}${g.count} objects, ${(g.bytes / 1024).toFixed(0)} KB`);
}
