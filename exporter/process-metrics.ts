/**
 * Node.js process metrics, served after the catalogue on /metrics: the families of prom-client's
 * default metrics, with their names, help texts, order and text (process-metrics-text.ts), computed
 * when a scrape asks for them. prom-client itself is not loaded at run time: its default metrics
 * pull in @opentelemetry/api and cost a noticeable part of a start-up (docs/performance.md).
 *
 * Differences from prom-client: the three gauges prom-client names like counters
 * (`nodejs_active_{handles,requests,resources}_total`, which `promtool check metrics` rejects) are
 * not served — the same counts remain, split by type, as `nodejs_active_handles{type}` & co. (sum
 * them for the total); `process_cpu_*_seconds_total` count from the process start (as Go's
 * client does), not from when the metrics were set up; and the event-loop delay is sampled every
 * 100 ms by default, not every 10 ms (--runtime.eventloop-resolution: each sample wakes the idle
 * process), with `nodejs_eventloop_lag_{min,max,mean,p50,p90,p99}_seconds` the delay *beyond* the
 * schedule, so that they do not move with the resolution (prom-client's include its 10 ms).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { renderFamilies, type Family, type Sample } from './process-metrics-text';

/** prom-client default metrics named like counters although they are gauges: never served. */
export const REMOVED_PROCESS_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const;

const START_SECONDS = Math.round(Date.now() / 1000 - process.uptime());
const GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5] as const;
const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const IS_LINUX = process.platform === 'linux';
/** The event-loop delay monitor's default sampling interval (--runtime.eventloop-resolution). */
export const DEFAULT_EVENT_LOOP_RESOLUTION_MS = 100;

/** Node's undocumented per-object lists (what prom-client reads). */
const legacy = process as unknown as { _getActiveHandles?: () => object[]; _getActiveRequests?: () => object[] };

interface GcKind {
  readonly counts: number[];
  sum: number;
  count: number;
}

const gauge = (name: string, help: string, samples: readonly Sample[]): Family => ({ name, help, type: 'gauge', samples });
const one = (value: number): Sample[] => [{ labels: {}, value }];

/** `{ type: n }` in order of first appearance. */
function countBy(names: readonly string[]): Sample[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([type, value]) => ({ labels: { type }, value }));
}

function constructorNames(list: readonly object[]): string[] {
  return list.flatMap((o) => (o?.constructor === undefined ? [] : [o.constructor.name]));
}

function maxFds(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return line === undefined ? undefined : Number(line.split(/  +/)[1]);
  } catch {
    return undefined;
  }
}

/** VmRSS, VmSize and VmData in bytes (0 when /proc cannot be read). */
function procStatus(): { rss: number; vsize: number; data: number } {
  const out = { rss: 0, vsize: 0, data: 0 };
  try {
    for (const line of readFileSync('/proc/self/status', 'utf8').split('\n')) {
      const kb = (): number => Number(line.slice(line.indexOf(':') + 1).trim().slice(0, -3)) * 1024;
      if (line.startsWith('VmRSS')) out.rss = kb();
      else if (line.startsWith('VmSize')) out.vsize = kb();
      else if (line.startsWith('VmData')) out.data = kb();
    }
  } catch {
    // Left at 0, as prom-client leaves its gauges.
  }
  return out;
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length - 1; // minus the descriptor readdir itself used
  } catch {
    return 0;
  }
}

export interface ProcessMetricsOptions {
  /** How often the event-loop delay is sampled, whole ms ≥ 1. */
  readonly eventLoopResolutionMs?: number;
}

/**
 * The histogram's figures in seconds, less the resolution: Node records the whole interval between
 * two samples (resolution + delay), the gauges report the delay. An interval without samples
 * (scrapes closer together than the resolution) reports zeros, not the empty histogram's extremes.
 */
function loopLag(delay: IntervalHistogram, resolutionNs: number): number[] {
  if (delay.count === 0) return [0, 0, 0, 0, 0, 0, 0];
  const late = (ns: number): number => Math.max(0, ns - resolutionNs) / 1e9;
  return [late(delay.min), late(delay.max), late(delay.mean), delay.stddev / 1e9, late(delay.percentile(50)), late(delay.percentile(90)), late(delay.percentile(99))];
}

export class ProcessMetrics {
  private readonly loopDelay: IntervalHistogram;
  private readonly resolutionNs: number;
  private readonly gc = new Map<string, GcKind>();
  private readonly gcObserver: PerformanceObserver;
  private readonly maxFds = IS_LINUX ? maxFds() : undefined;
  private readonly extra: (() => Family)[] = [];
  /** Measured by the previous scrape (a setImmediate after it), as prom-client does. */
  private lagSeconds = 0;

  constructor(options: ProcessMetricsOptions = {}) {
    const resolution = options.eventLoopResolutionMs ?? DEFAULT_EVENT_LOOP_RESOLUTION_MS;
    this.resolutionNs = resolution * 1e6;
    this.loopDelay = monitorEventLoopDelay({ resolution });
    this.loopDelay.enable();
    this.gcObserver = new PerformanceObserver((list) => {
      const entry = list.getEntries()[0];
      // A gc entry's `detail` (Node ≥ 16) is not in @types/node's PerformanceEntry.
      const kind = (entry as (PerformanceEntry & { detail?: { kind?: number } }) | undefined)?.detail?.kind;
      if (entry) this.observeGc(GC_KINDS[kind ?? -1] ?? 'unknown', entry.duration / 1000);
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** Adds a family served after the process metrics (e.g. the /probe rejection counter). */
  addFamily(family: () => Family): void {
    this.extra.push(family);
  }

  /** The families in the text format, read now. */
  render(): string {
    const start = process.hrtime.bigint();
    setImmediate(() => (this.lagSeconds = Number(process.hrtime.bigint() - start) / 1e9));
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const delay = this.loopDelay;
    const lag = loopLag(delay, this.resolutionNs);
    delay.reset();
    const status = IS_LINUX ? procStatus() : undefined;
    const spaces = getHeapSpaceStatistics().map((s) => ({ ...s, space: s.space_name.slice(0, s.space_name.indexOf('_space')) }));
    const bySpace = (pick: (s: (typeof spaces)[number]) => number): Sample[] => spaces.map((s) => ({ labels: { space: s.space }, value: pick(s) }));
    const [major = '', minor = '', patch = ''] = process.version.slice(1).split('.');
    const families: Family[] = [
      { name: 'process_cpu_user_seconds_total', help: 'Total user CPU time spent in seconds.', type: 'counter', samples: one(cpu.user / 1e6) },
      { name: 'process_cpu_system_seconds_total', help: 'Total system CPU time spent in seconds.', type: 'counter', samples: one(cpu.system / 1e6) },
      { name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent in seconds.', type: 'counter', samples: one((cpu.user + cpu.system) / 1e6) },
      gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', one(START_SECONDS)),
      gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', one(status ? status.rss : memory.rss)),
      ...(status
        ? [
            gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.', one(status.vsize)),
            gauge('process_heap_bytes', 'Process heap size in bytes.', one(status.data)),
            gauge('process_open_fds', 'Number of open file descriptors.', one(openFds())),
          ]
        : []),
      ...(this.maxFds === undefined ? [] : [gauge('process_max_fds', 'Maximum number of open file descriptors.', one(this.maxFds))]),
      gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', one(this.lagSeconds)),
      gauge('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.', one(lag[0]!)),
      gauge('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.', one(lag[1]!)),
      gauge('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.', one(lag[2]!)),
      gauge('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.', one(lag[3]!)),
      gauge('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.', one(lag[4]!)),
      gauge('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.', one(lag[5]!)),
      gauge('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.', one(lag[6]!)),
      gauge(
        'nodejs_active_resources',
        'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
        countBy(process.getActiveResourcesInfo()),
      ),
      ...(legacy._getActiveHandles
        ? [gauge('nodejs_active_handles', 'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.', countBy(constructorNames(legacy._getActiveHandles())))]
        : []),
      ...(legacy._getActiveRequests
        ? [gauge('nodejs_active_requests', 'Number of active libuv requests grouped by request type. Every request type is C++ class name.', countBy(constructorNames(legacy._getActiveRequests())))]
        : []),
      gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', one(memory.heapTotal)),
      gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', one(memory.heapUsed)),
      gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', one(memory.external)),
      gauge('nodejs_heap_space_size_total_bytes', 'Process heap space size total from Node.js in bytes.', bySpace((s) => s.space_size)),
      gauge('nodejs_heap_space_size_used_bytes', 'Process heap space size used from Node.js in bytes.', bySpace((s) => s.space_used_size)),
      gauge('nodejs_heap_space_size_available_bytes', 'Process heap space size available from Node.js in bytes.', bySpace((s) => s.space_available_size)),
      gauge('nodejs_version_info', 'Node.js version info.', [{ labels: { version: process.version, major, minor, patch }, value: 1 }]),
      this.gcFamily(),
      ...this.extra.map((family) => family()),
    ];
    return renderFamilies(families);
  }

  close(): void {
    this.loopDelay.disable();
    this.gcObserver.disconnect();
  }

  private observeGc(kind: string, seconds: number): void {
    let entry = this.gc.get(kind);
    if (!entry) this.gc.set(kind, (entry = { counts: GC_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    const bucket = GC_BUCKETS.findIndex((upper) => seconds <= upper);
    if (bucket >= 0) entry.counts[bucket]!++;
    entry.sum += seconds;
    entry.count++;
  }

  private gcFamily(): Family {
    const name = 'nodejs_gc_duration_seconds';
    const samples: Sample[] = [];
    for (const [kind, entry] of this.gc) {
      let cumulative = 0;
      GC_BUCKETS.forEach((upper, i) => {
        cumulative += entry.counts[i]!;
        samples.push({ name: `${name}_bucket`, labels: { le: String(upper), kind }, value: cumulative });
      });
      samples.push({ name: `${name}_bucket`, labels: { le: '+Inf', kind }, value: entry.count });
      samples.push({ name: `${name}_sum`, labels: { kind }, value: entry.sum });
      samples.push({ name: `${name}_count`, labels: { kind }, value: entry.count });
    }
    return { name, help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.', type: 'histogram', samples };
  }
}
