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
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { familyHead, FamilyText, oneLabel, type Family, type FamilyHead } from './process-metrics-text';
import { formatLabels } from './metrics/text-format';

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
  /** `{le="…",kind="…"}` per bucket and +Inf, and `{kind="…"}`: written at every scrape, made once. */
  readonly bucketLabels: readonly string[];
  readonly labels: string;
  sum: number;
  count: number;
}

const gauge = (name: string, help: string): FamilyHead => familyHead(name, help, 'gauge');

/** The families' names and help texts, in the order served (prom-client's). */
const HEADS = {
  cpuUser: familyHead('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', 'counter'),
  cpuSystem: familyHead('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', 'counter'),
  cpu: familyHead('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter'),
  startTime: gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.'),
  rss: gauge('process_resident_memory_bytes', 'Resident memory size in bytes.'),
  vsize: gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.'),
  heap: gauge('process_heap_bytes', 'Process heap size in bytes.'),
  openFds: gauge('process_open_fds', 'Number of open file descriptors.'),
  maxFds: gauge('process_max_fds', 'Maximum number of open file descriptors.'),
  lag: gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.'),
  activeResources: gauge('nodejs_active_resources', 'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.'),
  activeHandles: gauge('nodejs_active_handles', 'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.'),
  activeRequests: gauge('nodejs_active_requests', 'Number of active libuv requests grouped by request type. Every request type is C++ class name.'),
  heapTotal: gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.'),
  heapUsed: gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.'),
  external: gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.'),
  spaceTotal: gauge('nodejs_heap_space_size_total_bytes', 'Process heap space size total from Node.js in bytes.'),
  spaceUsed: gauge('nodejs_heap_space_size_used_bytes', 'Process heap space size used from Node.js in bytes.'),
  spaceAvailable: gauge('nodejs_heap_space_size_available_bytes', 'Process heap space size available from Node.js in bytes.'),
  version: gauge('nodejs_version_info', 'Node.js version info.'),
  gc: familyHead('nodejs_gc_duration_seconds', 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.', 'histogram'),
} as const;

const GC_SERIES = { bucket: `${HEADS.gc.name}_bucket`, sum: `${HEADS.gc.name}_sum`, count: `${HEADS.gc.name}_count` } as const;

/** min, max, mean, stddev, p50, p90, p99: loopLag's order. */
const LAG_HEADS: readonly FamilyHead[] = [
  gauge('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'),
  gauge('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'),
  gauge('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'),
];

const VERSION_LABELS = (() => {
  const [major = '', minor = '', patch = ''] = process.version.slice(1).split('.');
  return formatLabels(['version', 'major', 'minor', 'patch'], { version: process.version, major, minor, patch });
})();

/** `{space="old"}` per V8 space name (`old_space`), made once: V8 has about a dozen spaces. */
const spaceLabels = new Map<string, string>();
function spaceLabel(spaceName: string): string {
  let label = spaceLabels.get(spaceName);
  if (label === undefined) {
    label = oneLabel('space', spaceName.slice(0, spaceName.indexOf('_space')));
    if (spaceLabels.size < 64) spaceLabels.set(spaceName, label);
  }
  return label;
}

/** The family with a `{type="…"}` sample per distinct name, counted, in order of first appearance. */
function countBy(out: FamilyText, head: FamilyHead, names: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  out.family(head);
  for (const [type, n] of counts) out.sample(head.name, oneLabel('type', type), n);
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

/** /proc/self/status is read into this buffer at every scrape (~1.5 KB of text; no string, no line array). */
const statusBytes = Buffer.allocUnsafe(16 * 1024);
const STATUS_FIELDS = { rss: Buffer.from('\nVmRSS:'), vsize: Buffer.from('\nVmSize:'), data: Buffer.from('\nVmData:') } as const;

/** The kB number after `field` in the first `length` bytes of statusBytes, in bytes; 0 when absent. */
function statusKb(field: Buffer, length: number): number {
  const at = statusBytes.indexOf(field);
  if (at < 0 || at >= length) return 0;
  let i = at + field.length;
  while (i < length && (statusBytes[i] === 0x20 || statusBytes[i] === 0x09)) i++;
  let kb = 0;
  for (; i < length && statusBytes[i]! >= 0x30 && statusBytes[i]! <= 0x39; i++) kb = kb * 10 + statusBytes[i]! - 0x30;
  return kb * 1024;
}

/** VmRSS, VmSize and VmData in bytes (0 when /proc cannot be read). */
function procStatus(): { rss: number; vsize: number; data: number } {
  let length = 0;
  try {
    const fd = openSync('/proc/self/status', 'r');
    try {
      length = readSync(fd, statusBytes, 0, statusBytes.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Left at 0, as prom-client leaves its gauges.
  }
  return { rss: statusKb(STATUS_FIELDS.rss, length), vsize: statusKb(STATUS_FIELDS.vsize, length), data: statusKb(STATUS_FIELDS.data, length) };
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
    const out = new FamilyText()
      .one(HEADS.cpuUser, cpu.user / 1e6)
      .one(HEADS.cpuSystem, cpu.system / 1e6)
      .one(HEADS.cpu, (cpu.user + cpu.system) / 1e6)
      .one(HEADS.startTime, START_SECONDS)
      .one(HEADS.rss, status ? status.rss : memory.rss);
    if (status) out.one(HEADS.vsize, status.vsize).one(HEADS.heap, status.data).one(HEADS.openFds, openFds());
    if (this.maxFds !== undefined) out.one(HEADS.maxFds, this.maxFds);
    out.one(HEADS.lag, this.lagSeconds);
    for (let i = 0; i < LAG_HEADS.length; i++) out.one(LAG_HEADS[i]!, lag[i]!);
    countBy(out, HEADS.activeResources, process.getActiveResourcesInfo());
    if (legacy._getActiveHandles) countBy(out, HEADS.activeHandles, constructorNames(legacy._getActiveHandles()));
    if (legacy._getActiveRequests) countBy(out, HEADS.activeRequests, constructorNames(legacy._getActiveRequests()));
    out.one(HEADS.heapTotal, memory.heapTotal).one(HEADS.heapUsed, memory.heapUsed).one(HEADS.external, memory.external);
    const spaces = getHeapSpaceStatistics();
    out.family(HEADS.spaceTotal);
    for (const s of spaces) out.sample(HEADS.spaceTotal.name, spaceLabel(s.space_name), s.space_size);
    out.family(HEADS.spaceUsed);
    for (const s of spaces) out.sample(HEADS.spaceUsed.name, spaceLabel(s.space_name), s.space_used_size);
    out.family(HEADS.spaceAvailable);
    for (const s of spaces) out.sample(HEADS.spaceAvailable.name, spaceLabel(s.space_name), s.space_available_size);
    out.family(HEADS.version).sample(HEADS.version.name, VERSION_LABELS, 1);
    this.gcFamily(out);
    for (const family of this.extra) out.add(family());
    return out.text();
  }

  close(): void {
    this.loopDelay.disable();
    this.gcObserver.disconnect();
  }

  private observeGc(kind: string, seconds: number): void {
    let entry = this.gc.get(kind);
    if (!entry) {
      const labels = [...GC_BUCKETS.map(String), '+Inf'].map((le) => formatLabels(['le', 'kind'], { le, kind }));
      this.gc.set(kind, (entry = { counts: GC_BUCKETS.map(() => 0), sum: 0, count: 0, bucketLabels: labels, labels: oneLabel('kind', kind) }));
    }
    const bucket = GC_BUCKETS.findIndex((upper) => seconds <= upper);
    if (bucket >= 0) entry.counts[bucket]!++;
    entry.sum += seconds;
    entry.count++;
  }

  private gcFamily(out: FamilyText): void {
    out.family(HEADS.gc);
    for (const [kind, entry] of this.gc) {
      let cumulative = 0;
      for (let i = 0; i < GC_BUCKETS.length; i++) {
        cumulative += entry.counts[i]!;
        out.sample(GC_SERIES.bucket, entry.bucketLabels[i]!, cumulative);
      }
      out.sample(GC_SERIES.bucket, entry.bucketLabels[GC_BUCKETS.length]!, entry.count);
      out.sample(GC_SERIES.sum, entry.labels, entry.sum);
      out.sample(GC_SERIES.count, entry.labels, entry.count);
    }
  }
}
