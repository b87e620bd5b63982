/**
 * Soak: the real exporter process against 10,000 simulated clients with churn (100 leave and 100 new
 * ones connect before every scrape, plus the simulator's own random changes), scraped every 2 s for
 * 10 minutes (`--soak-minutes=` overrides). Reports RSS and V8 heap first / last / max and their
 * slope, checks that no counter ever went down, and counts errors (failed scrapes, ufo_up 0,
 * ufo_exporter_errors_total, bound overflows): the target is zero of each.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../scripts/simulator/index';
import { spawnExporter } from '../../scripts/stack/spawn-exporter';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import type { BenchSection } from '../section';

const API_KEY = 'bench-key';
const CLIENTS = 10_000;
const CHURN = 100;
const INTERVAL_MS = 2000;
const MB = 2 ** 20;

interface Sample {
  readonly minutes: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

/** Counter-like series (counters, histogram buckets/sums/counts) present in both scrapes that went down. */
function decreased(before: ParsedMetrics, after: ParsedMetrics): string[] {
  const counterLike = (key: string): boolean => {
    const name = key.split('{')[0] ?? '';
    const family = name.replace(/_(bucket|sum|count)$/, '');
    return after.types.get(name) === 'counter' || after.types.get(family) === 'histogram' || name.endsWith('_total');
  };
  const out: string[] = [];
  for (const [key, value] of after.byKey) {
    const old = before.byKey.get(key);
    if (old !== undefined && counterLike(key) && value < old) out.push(`${key}: ${old} → ${value}`);
  }
  return out;
}

function minutesArg(): number {
  const arg = process.argv.find((a) => a.startsWith('--soak-minutes='));
  const minutes = arg ? Number(arg.slice('--soak-minutes='.length)) : 10;
  if (!(minutes > 0)) throw new Error(`--soak-minutes: expected a positive number, got ${arg}`);
  return minutes;
}

export const section: BenchSection = {
  name: 'Soak: 10,000 clients with churn, a scrape every 2 s',
  async run(log) {
    const minutes = minutesArg();
    const sim = await startSimulator({ apiKey: API_KEY, devices: 0, constellations: 0, shape: 'rich', seed: 7, tickMs: 200 });
    sim.control.addDevices(CLIENTS);
    const exporter = await spawnExporter([`--ufo.url=${sim.url}`, `--clients.max-series=${CLIENTS * 2}`], { UFO_EXPORTER_UFO_API_KEY: API_KEY }, 60_000);
    const samples: Sample[] = [];
    const problems: string[] = [];
    let failedScrapes = 0;
    let scrapes = 0;
    let previous: ParsedMetrics | undefined;
    let churned = 0;
    const started = performance.now();
    try {
      while (performance.now() - started < minutes * 60_000) {
        const tickStarted = performance.now();
        // Churn: the oldest simulated clients leave, as many new ones connect.
        const leaving = sim.control.clients().slice(0, CHURN);
        for (const c of leaving) sim.control.disconnect(c.clientId, 1001);
        sim.control.addDevices(leaving.length);
        churned += leaving.length;
        scrapes++;
        let metrics: ParsedMetrics;
        try {
          const res = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
          if (res.status !== 200) throw new Error(`status ${res.status}`);
          metrics = parseMetrics(await res.text());
        } catch (err) {
          failedScrapes++;
          problems.push(`scrape ${scrapes}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        if (metrics.value('ufo_up') !== 1) problems.push(`scrape ${scrapes}: ufo_up ${metrics.value('ufo_up')}`);
        if (previous) for (const d of decreased(previous, metrics)) problems.push(`scrape ${scrapes}: counter went down: ${d}`);
        previous = metrics;
        const sample = {
          minutes: (performance.now() - started) / 60_000,
          rssMb: (metrics.value('process_resident_memory_bytes') ?? NaN) / MB,
          heapMb: (metrics.value('nodejs_heap_size_used_bytes') ?? NaN) / MB,
        };
        samples.push(sample);
        if (scrapes % 30 === 0) log(`${sample.minutes.toFixed(1)} min: RSS ${sample.rssMb.toFixed(0)} MB, heap ${sample.heapMb.toFixed(0)} MB, ${problems.length} problems`);
        await sleep(Math.max(0, INTERVAL_MS - (performance.now() - tickStarted)));
      }
    } finally {
      await exporter.stop();
      await sim.close();
    }
    const last = previous;
    const errorsTotal = last ? last.find('ufo_exporter_errors_total').reduce((s, x) => s + x.value, 0) : NaN;
    const overflows = last ? last.find('ufo_exporter_bound_overflows_total').filter((x) => x.value > 0).map((x) => `${x.labels.bound}=${x.value}`) : [];
    const stat = (pick: (s: Sample) => number): { first: number; last: number; max: number; slope: number; slopeLate: number } => {
      const points = samples.map((s) => ({ x: s.minutes, y: pick(s) }));
      return {
        first: points[0]?.y ?? NaN,
        last: points[points.length - 1]?.y ?? NaN,
        max: Math.max(...points.map((p) => p.y)),
        slope: slope(points),
        slopeLate: slope(points.slice(Math.floor(points.length / 2))),
      };
    };
    const rss = stat((s) => s.rssMb);
    const heap = stat((s) => s.heapMb);
    const row = (name: string, v: ReturnType<typeof stat>): string =>
      `| ${name} | ${v.first.toFixed(1)} | ${v.last.toFixed(1)} | ${v.max.toFixed(1)} | ${v.slope.toFixed(2)} | ${v.slopeLate.toFixed(2)} |`;
    for (const p of problems.slice(0, 10)) log(`problem: ${p}`);
    return [
      `${minutes} minutes, ${scrapes} scrapes of the real exporter process (\`--clients.max-series=${CLIENTS * 2}\`), ${CLIENTS.toLocaleString('en')} simulated clients,`,
      `${churned.toLocaleString('en')} replaced by new ones over the run (${CHURN} before each scrape) plus the simulator's random changes every 200 ms.`,
      '',
      '| | first MB | last MB | max MB | slope MB/min | slope, 2nd half MB/min |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('RSS', rss),
      row('V8 heap used', heap),
      '',
      `Failed scrapes: ${failedScrapes}. Counters that went down, or ufo_up 0: ${problems.length - failedScrapes}. ` +
        `ufo_exporter_errors_total at the end: ${errorsTotal}. Bound overflows: ${overflows.length === 0 ? 'none' : overflows.join(', ')}.`,
      `Target: zero errors — ${failedScrapes === 0 && problems.length === 0 && errorsTotal === 0 ? 'met' : 'NOT met'}.`,
    ].join('\n');
  },
};
