/**
 * The log section's second part: the CPU of the REAL exporter process following a log written at
 * FOLLOW_RATE lines/s, one write per record as Python's logging does, read from the exporter's own
 * `process_cpu_seconds_total` (every thread: JS, GC helpers, TurboFan's compiler threads).
 *
 * Judged: the steady state, STEADY_SECONDS measured after WARM_UP_SECONDS of following. The warm-up is
 * printed beside it, window by window and as the CPU-seconds it costs once above the steady rate: V8
 * compiles the log code with TurboFan over the first ~25 s of following (a function is optimised once
 * it has run enough, and at 2,000 lines/s that takes seconds), ~0.8 CPU-seconds of compiling that an
 * exporter pays once per start, not per second of following (bench/NOTES.md, issue 15F).
 *
 * The log is written on, never rewound between windows (a real log does not repeat its lines).
 *
 * After the judged window, the same number of lines is written at once and the same exporter is measured
 * over a window as long: the CPU of a line read in bulk by this process, with its state as full as
 * following left it. Following costs per line what that costs, not twice a fresh ingest's figure (bench/NOTES.md,
 * issue 15Q): what following costs is the per-line work, not the tailer's polls.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../scripts/simulator/index';
import { spawnExporter } from '../scripts/stack/spawn-exporter';

const API_KEY = 'bench-log-key';
export const FOLLOW_RATE = 2_000;
const IDLE_SECONDS = 10;
/** The warm-up, cut into windows (seconds after following began): the first 5 s; 5–15 s was the judged window until issue 15F. */
export const WARM_UP_WINDOWS: readonly (readonly [number, number])[] = [
  [0, 5],
  [5, 15],
  [15, 30],
];
export const WARM_UP_SECONDS = 30;
export const STEADY_SECONDS = 30;
const WRITE_TICK_MS = 10;

export interface FollowingCost {
  /** Share of one core while the log is not written. */
  readonly idle: number;
  /** Share of one core in each of WARM_UP_WINDOWS. */
  readonly warmUp: readonly number[];
  /** Share of one core in the STEADY_SECONDS after the warm-up: the judged figure. */
  readonly steady: number;
  /** Share of one core over STEADY_SECONDS in which the steady window's number of lines was written at once (not judged). */
  readonly bulk: number;
  /** Lines written in the steady window (and again, at once, in the bulk window). */
  readonly steadyLines: number;
  /** CPU-seconds of the warm-up above what the steady rate would have cost over the same time. */
  readonly warmUpExtraCpuSeconds: number;
  readonly linesWritten: number;
  readonly linesRead: number;
}

async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
}

async function exporterCpuSeconds(metricsUrl: string): Promise<number> {
  const m = /^process_cpu_seconds_total (\S+)$/m.exec(await scrape(metricsUrl));
  if (!m) throw new Error(`${metricsUrl}: no process_cpu_seconds_total`);
  return Number(m[1]);
}

/** Appends lines from `lines` (from `cursor` on, wrapping) at `rate` lines/s, one write(2) per line, until `stopAt`. */
class RateWriter {
  private cursor = 0;

  constructor(
    private readonly file: string,
    private readonly lines: readonly string[],
    private readonly rate: number,
  ) {}

  get written(): number {
    return this.cursor;
  }

  /** Appends the next `count` lines in one write(2), as a burst that one poll reads. */
  writeAtOnce(count: number): void {
    const batch: string[] = [];
    for (let i = 0; i < count; i++) batch.push(this.lines[this.cursor++ % this.lines.length]!);
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, batch.join('\n') + '\n');
    } finally {
      closeSync(fd);
    }
  }

  async writeUntil(stopAt: number): Promise<void> {
    const fd = openSync(this.file, 'a');
    const startedAt = performance.now();
    const from = this.cursor;
    try {
      while (performance.now() < stopAt) {
        // Catch up to the schedule (timers drift on a loaded machine), one record per write.
        const due = from + Math.floor(((performance.now() - startedAt) / 1000) * this.rate);
        while (this.cursor < due) writeSync(fd, this.lines[this.cursor++ % this.lines.length]! + '\n');
        await new Promise((resolve) => setTimeout(resolve, WRITE_TICK_MS));
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Starts an API simulator and the real exporter on an empty log in `dir`, then measures the windows above. */
export async function measureFollowing(dir: string, lines: readonly string[], log: (line: string) => void): Promise<FollowingCost> {
  const followed = join(dir, 'followed.log');
  await writeFile(followed, '');
  const sim = await startSimulator({ apiKey: API_KEY, seed: 1, devices: 10, constellations: 1 });
  const exporter = await spawnExporter([`--ufo.url=${sim.url}`, `--ufo.api-key=${API_KEY}`, `--ufo.log-file=${followed}`]);
  const writer = new RateWriter(followed, lines, FOLLOW_RATE);
  const metricsUrl = `${exporter.url}/metrics`;
  /** CPU share of one core over the `seconds` from now, writing the log if `writing`. */
  /** CPU share of one core over the `seconds` from now: the log written at the rate (`true`), not at all (`false`), or `count` lines at once. */
  const window = async (seconds: number, writing: boolean | number): Promise<{ share: number; cpuSeconds: number }> => {
    const before = await exporterCpuSeconds(metricsUrl);
    const started = performance.now();
    const stopAt = started + seconds * 1000;
    if (typeof writing === 'number') writer.writeAtOnce(writing);
    await (writing === true ? writer.writeUntil(stopAt) : new Promise((resolve) => setTimeout(resolve, stopAt - performance.now())));
    const elapsed = (performance.now() - started) / 1000;
    const cpuSeconds = (await exporterCpuSeconds(metricsUrl)) - before;
    return { share: cpuSeconds / elapsed, cpuSeconds };
  };
  try {
    await exporterCpuSeconds(metricsUrl); // first scrape and poll: their first runs are not the idle exporter's
    const idle = await window(IDLE_SECONDS, false);
    log(`following a log written at ${FOLLOW_RATE} lines/s with the real exporter: ${WARM_UP_SECONDS} s of warm-up, then ${STEADY_SECONDS} s measured…`);
    const warmUp: { share: number; cpuSeconds: number }[] = [];
    for (const [from, to] of WARM_UP_WINDOWS) warmUp.push(await window(to - from, true));
    const steadyFrom = writer.written;
    const steady = await window(STEADY_SECONDS, true);
    const steadyLines = writer.written - steadyFrom;
    const bulk = await window(STEADY_SECONDS, steadyLines);
    const warmUpCpuSeconds = warmUp.reduce((sum, w) => sum + w.cpuSeconds, 0);
    const linesRead = Number(/^ufo_exporter_log_lines_read_total (\S+)$/m.exec(await scrape(metricsUrl))?.[1] ?? NaN);
    log(`exporter read ${linesRead} of ${writer.written} lines written (a scrape reads the log to its end first)`);
    return {
      idle: idle.share,
      warmUp: warmUp.map((w) => w.share),
      steady: steady.share,
      bulk: bulk.share,
      steadyLines,
      warmUpExtraCpuSeconds: warmUpCpuSeconds - steady.share * WARM_UP_SECONDS,
      linesWritten: writer.written,
      linesRead,
    };
  } finally {
    await exporter.stop();
    await sim.close();
  }
}

/** The section's table rows for `cost`. */
export function followingRows(cost: FollowingCost, verdict: (ok: boolean) => string): string[] {
  const pct = (share: number): string => `${(share * 100).toFixed(2)} %`;
  const rate = FOLLOW_RATE.toLocaleString('en');
  /** CPU-µs per line of a STEADY_SECONDS window at `share` that read the steady window's lines. */
  const perLine = (share: number): string => `${((share * STEADY_SECONDS * 1e6) / cost.steadyLines).toFixed(1)} µs`;
  return [
    `| real exporter CPU following ${rate} lines/s (one write per line), steady state: the ${STEADY_SECONDS} s after ${WARM_UP_SECONDS} s of following | **${pct(cost.steady)} of one core** — ${verdict(cost.steady <= 0.01)} | ≤ 1 % |`,
    ...WARM_UP_WINDOWS.map(
      ([from, to], i) => `| same, ${from}–${to} s after following began (warm-up: V8 compiling the log code${from === 5 ? '; the judged window until issue 15F' : ''}) | ${pct(cost.warmUp[i]!)} of one core | — |`,
    ),
    `| same exporter, the steady window's ${cost.steadyLines.toLocaleString('en')} lines written at once (read in one poll), over ${STEADY_SECONDS} s: per line in bulk vs following (issue 15Q) | ${pct(cost.bulk)} of one core: ${perLine(cost.bulk)} a line, following ${perLine(cost.steady)} | — |`,
    `| the warm-up's cost once: CPU-seconds of its ${WARM_UP_SECONDS} s above the steady rate | ${cost.warmUpExtraCpuSeconds.toFixed(2)} CPU-seconds | — |`,
    `| same exporter, idle (log not written) | ${pct(cost.idle)} of one core | — |`,
  ];
}
