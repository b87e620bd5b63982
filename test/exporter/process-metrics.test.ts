/**
 * The process metrics are computed without prom-client at run time (exporter/process-metrics.ts), but
 * must read as prom-client's default metrics did: the same families (names, help, types) in the same
 * order, and the same text for the same values. prom-client is still installed for the bench, so the
 * reference here is prom-client itself.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessMetrics, REMOVED_PROCESS_METRICS } from '../../exporter/process-metrics';
import { readFileSync } from 'node:fs';
import { renderFamilies, type Family } from '../../exporter/process-metrics-text';

const unescape = (text: string): string => text.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/** A prom-client style body read back into families (the inverse of renderFamilies). */
function parseFamilies(text: string): Family[] {
  return text
    .slice(0, -1)
    .split('\n\n')
    .map((block) => {
      const [help, type, ...lines] = block.split('\n');
      const h = /^# HELP (\S+) (.*)$/.exec(help!)!;
      const t = /^# TYPE \S+ (counter|gauge|histogram)$/.exec(type!)!;
      const samples = lines.map((line) => {
        const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
        const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, unescape(l[2]!)]));
        const value = m[3] === 'Nan' ? NaN : m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
        return { ...(m[1] !== h[1] && { name: m[1] }), labels, value };
      });
      return { name: h[1]!, help: unescape(h[2]!), type: t[1] as Family['type'], samples };
    });
}

/** `name type help` of every family in a text body, in order. */
function headers(text: string): string[] {
  const help = new Map<string, string>();
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (m?.[1] === 'HELP') help.set(m[2]!, m[3]!);
    else if (m?.[1] === 'TYPE') out.push(`${m[2]} ${m[3]} ${help.get(m[2]!)}`);
  }
  return out;
}

describe('process metrics', () => {
  const ours = new ProcessMetrics();
  afterAll(() => ours.close());

  it('has prom-client default metrics families, in its order, less the three gauges named like counters', async () => {
    const reference = new Registry();
    collectDefaultMetrics({ register: reference });
    const expected = headers(await reference.metrics()).filter((h) => !REMOVED_PROCESS_METRICS.some((name) => h.startsWith(`${name} `)));
    reference.clear();
    // The GC histogram appears in prom-client's text before any collection too.
    expect(headers(ours.render())).toEqual(expected);
  });

  it('serves values that are read now', () => {
    const text = ours.render();
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(value('process_resident_memory_bytes')).toBeGreaterThan(value('nodejs_heap_size_used_bytes') / 2);
    expect(text).toContain(`nodejs_version_info{version="${process.version}",`);
    expect(text).toMatch(/^nodejs_heap_space_size_used_bytes\{space="old"\} \d+$/m);
  });

  it('writes the process families exactly as renderFamilies writes the same values (after GCs were observed)', async () => {
    const metrics = new ProcessMetrics();
    try {
      metrics.addFamily(() => ({ name: 'x_total', help: 'X\\ "y"\nz.', type: 'counter', samples: [{ labels: { reason: 'a"b\\c' }, value: 2 }] }));
      // Some garbage, then a turn of the event loop so the GC observer has reported collections.
      let keep = 0;
      for (let i = 0; i < 2000 && !/nodejs_gc_duration_seconds_count/.test(metrics.render()); i++) {
        keep += Array.from({ length: 1000 }, (_, j) => ({ j })).length;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(keep).toBeGreaterThan(0);
      const text = metrics.render();
      expect(text).toMatch(/^nodejs_gc_duration_seconds_bucket\{le="0\.001",kind="\w+"\} \d+$/m);
      expect(text).toMatch(/^nodejs_active_handles\{type="\w+"\} \d+$/m);
      expect(renderFamilies(parseFamilies(text))).toBe(text);
    } finally {
      metrics.close();
    }
  });

  it('reads VmRSS, VmSize and VmData from /proc/self/status', () => {
    if (process.platform !== 'linux') return;
    const text = ours.render();
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)![1]) * 1024;
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    // Read a moment apart: equal up to what the process allocated in between.
    expect(value('process_virtual_memory_bytes') / kb('VmSize')).toBeCloseTo(1, 1);
    expect(value('process_heap_bytes') / kb('VmData')).toBeCloseTo(1, 1);
    expect(value('process_resident_memory_bytes') / kb('VmRSS')).toBeCloseTo(1, 1);
  });

  it('writes the text prom-client writes for the same values', async () => {
    const reference = new Registry();
    const counter = new Counter({ name: 'a_total', help: 'A counter\\ with "quotes"\nand a newline.', labelNames: ['reason'], registers: [reference] });
    counter.inc({ reason: 'x"y\\z\nw' }, 2.5);
    counter.inc({ reason: 'plain' }, 0);
    new Gauge({ name: 'b', help: 'Unlabelled.', registers: [reference] }).set(NaN);
    new Gauge({ name: 'c', help: 'Empty.', labelNames: ['type'], registers: [reference] });
    new Gauge({ name: 'd', help: 'Infinite.', registers: [reference] }).set(-Infinity);
    const histogram = new Histogram({ name: 'h_seconds', help: 'A histogram.', labelNames: ['kind'], buckets: [0.001, 0.01, 1], registers: [reference] });
    histogram.observe({ kind: 'minor' }, 0.005);
    histogram.observe({ kind: 'minor' }, 3);
    const text = renderFamilies([
      {
        name: 'a_total',
        help: 'A counter\\ with "quotes"\nand a newline.',
        type: 'counter',
        samples: [
          { labels: { reason: 'x"y\\z\nw' }, value: 2.5 },
          { labels: { reason: 'plain' }, value: 0 },
        ],
      },
      { name: 'b', help: 'Unlabelled.', type: 'gauge', samples: [{ labels: {}, value: NaN }] },
      { name: 'c', help: 'Empty.', type: 'gauge', samples: [] },
      { name: 'd', help: 'Infinite.', type: 'gauge', samples: [{ labels: {}, value: -Infinity }] },
      {
        name: 'h_seconds',
        help: 'A histogram.',
        type: 'histogram',
        samples: [
          ...[['0.001', 0], ['0.01', 1], ['1', 1], ['+Inf', 2]].map(([le, value]) => ({ name: 'h_seconds_bucket', labels: { le: String(le), kind: 'minor' }, value: Number(value) })),
          { name: 'h_seconds_sum', labels: { kind: 'minor' }, value: 3.005 },
          { name: 'h_seconds_count', labels: { kind: 'minor' }, value: 2 },
        ],
      },
    ]);
    expect(text).toBe(await reference.metrics());
  });

  it('sees a stall longer than the sampling interval in max and p99, as the delay beyond the schedule', async () => {
    const resolutionMs = 50;
    const stallMs = 5 * resolutionMs;
    const metrics = new ProcessMetrics({ eventLoopResolutionMs: resolutionMs });
    const lag = (text: string, name: string): number => Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]);
    const block = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until); // the stall under test
    };
    const nextTimersPhase = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      // The monitor needs one sample before the stall to measure from (each render starts a new window):
      // on a loaded machine that may take more than one try, so the stall is repeated until a window holds it.
      // The sample after the stall comes at least stall − resolution late; the resolution itself is not counted.
      const seen = (stallMs - resolutionMs) / 1000;
      let text = '';
      for (let attempt = 0; attempt < 20; attempt++) {
        metrics.render();
        await nextTimersPhase(2 * resolutionMs);
        block(stallMs);
        // A timer due after the monitor's overdue sample: that sample has been taken when it fires.
        await nextTimersPhase(resolutionMs + 10);
        text = metrics.render();
        if (lag(text, 'max') >= seen) break;
      }
      expect(lag(text, 'max')).toBeGreaterThanOrEqual(seen);
      expect(lag(text, 'p99')).toBeGreaterThanOrEqual(seen);
      for (const name of ['min', 'mean', 'stddev', 'p50', 'p90']) expect(Number.isFinite(lag(text, name))).toBe(true);
      expect(lag(text, 'min')).toBeLessThanOrEqual(lag(text, 'p50'));
    } finally {
      metrics.close();
    }
  });

  it('reports no lag, not the empty histogram, when no sample was taken since the last scrape', () => {
    const metrics = new ProcessMetrics({ eventLoopResolutionMs: 1000 });
    try {
      const text = metrics.render(); // synchronously after the start: no 1 s sample yet
      for (const name of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) expect(text).toMatch(new RegExp(`^nodejs_eventloop_lag_${name}_seconds 0$`, 'm'));
    } finally {
      metrics.close();
    }
  });

  it('serves a family added later after its own', () => {
    const metrics = new ProcessMetrics();
    try {
      metrics.addFamily(() => ({ name: 'x_total', help: 'X.', type: 'counter', samples: [{ labels: { reason: 'r' }, value: 3 }] }));
      expect(metrics.render()).toMatch(/\n\n# HELP x_total X\.\n# TYPE x_total counter\nx_total\{reason="r"\} 3\n$/);
    } finally {
      metrics.close();
    }
  });
});
