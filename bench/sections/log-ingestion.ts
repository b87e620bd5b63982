/**
 * Log source: (1) ingestion throughput on a 200,000-line log in the server's format written by the
 * fleet simulator, from file to updated fleet state (target >= 200,000 lines/s); (2) the CPU of the
 * REAL exporter process following a log written at 2,000 lines/s, in its steady state (target ≤ 1 % of
 * one core), next to its warm-up, the same lines read at once, and the same exporter idle
 * (bench/log-following.ts); the CPU a line of one state that has read 800,000 lines against its early
 * lines (bench/log-long-running.ts); (3) mtail (`-one_shot`, bench/peer/mtail/ufo.mtail) on the same log, the
 * reference (target ≥ 4× mtail).
 *
 * Runs in `npm run bench`, or alone: `npx tsx bench/main.ts --only=log`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../exporter/logging';
import { createStateSink } from '../../exporter/sink';
import { createLogSource } from '../../exporter/sources/log';
import { LineSplitter } from '../../exporter/sources/log/line-splitter';
import { LogParser } from '../../exporter/sources/log/parser';
import { FleetState } from '../../exporter/state';
import type { SimulatorControl } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { followingRows, measureFollowing } from '../log-following';
import { longRunningRows, measureLongRunning } from '../log-long-running';
import { median, type BenchSection } from '../section';

const API_KEY = 'bench-log-key';
const LOG_LINES = 200_000;
const RUNS = 5;
const MTAIL_RUNS = 3;

/** Drives the simulator until its log has at least `lines` lines: sessions, requests, reconnects, rejections. */
async function simulatorLog(dir: string, lines: number): Promise<string[]> {
  const file = join(dir, 'generated.log');
  const sim = await startSimulator({ apiKey: API_KEY, seed: 42, devices: 50, constellations: 5, logFile: file });
  try {
    const c: SimulatorControl = sim.control;
    const devices = c.clients().filter((cl) => cl.type === 'device').map((cl) => cl.clientId);
    let written = 0;
    for (let i = 0; written < lines; i++) {
      const device = devices[i % devices.length]!;
      const sid = c.startSession(device);
      c.finishSession(sid, i % 7 === 0 ? 'failed' : 'completed', (i % 300) / 10);
      c.logHttpRequest(i % 3 === 0 ? 'POST' : 'GET', i % 3 === 0 ? '/api/dispatch' : i % 3 === 1 ? '/api/health' : `/api/task_result/task-${i}`, 200);
      if (i % 25 === 0) {
        c.startSession(device);
        c.disconnect(device, i % 2 === 0 ? 1006 : 1000);
        c.connect(device, { platform: 'windows' });
        c.rejectRegistration(device);
      }
      if (i % 1000 === 999) {
        await c.flushLog();
        written = (await readFile(file, 'utf8')).split('\n').length - 1;
      }
    }
    await c.flushLog();
  } finally {
    await sim.close();
  }
  return (await readFile(file, 'utf8')).split('\n').slice(0, lines);
}

/** User + system CPU-seconds of this process so far (every thread: JS, GC helpers, compiler, thread pool). */
function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** File → fleet state: a fresh source reads the whole file (start() resolves when it has). */
async function ingestOnce(file: string): Promise<{ seconds: number; cpuSeconds: number; linesRead: number }> {
  const state = new FleetState();
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 100_000 });
  const source = createLogSource({ file, fromStart: true, logger: silentLogger });
  const cpuBefore = processCpuSeconds();
  const started = performance.now();
  await source.start(sink);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = processCpuSeconds() - cpuBefore;
  await source.stop();
  return { seconds, cpuSeconds, linesRead: state.exporter.logLinesRead };
}

const MTAIL_PROGS = fileURLToPath(new URL('../peer/mtail/', import.meta.url));

/** bash's `times`: the shell's user and system time, then its children's, as `0m1.905s 0m0.097s` lines. */
const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/** The children's user + system seconds from bash's `times` output (its second line). */
function childCpuSeconds(timesOutput: string): number {
  const m = TIMES_LINE.exec(timesOutput.trim().split('\n')[1]?.trim() ?? '');
  if (!m) throw new Error(`cannot read bash's \`times\` output: ${JSON.stringify(timesOutput)}`);
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/**
 * mtail reading the whole file (-one_shot: compile, read to EOF, print, exit): wall seconds of the run and
 * its user + system CPU-seconds (every thread; bash's `times` reports the finished child's rusage), or why it cannot run.
 */
function mtailOnce(file: string): { seconds: number; cpuSeconds: number } | string {
  const started = performance.now();
  let times: string;
  try {
    // bash runs mtail and then prints its children's CPU times; mtail's own output is discarded.
    times = execFileSync('bash', ['-c', 'mtail -one_shot -one_shot_format prometheus -progs "$1" -logs "$2" >/dev/null || exit $?; times', 'bash', MTAIL_PROGS, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (err) {
    return `mtail failed (Debian package mtail): ${(err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? (err as Error).message}`;
  }
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: childCpuSeconds(times) };
}

/** Bytes → events only (no file, no state): how much of the time is the parser. */
function parseOnly(text: Buffer): number {
  let events = 0;
  const parser = new LogParser({ event: () => void events++, malformed: () => undefined });
  // Lines as bytes, as the log source hands them over (exporter/sources/log/index.ts).
  const splitter = new LineSplitter(256 * 1024, { line: (l) => parser.parseLine(l), lineBytes: (b, start, end) => parser.parseBytes(b, start, end), tooLong: () => undefined });
  const started = performance.now();
  for (let at = 0; at < text.length; at += 256 * 1024) splitter.push(text.subarray(at, at + 256 * 1024));
  parser.endOfData();
  return (performance.now() - started) / 1000;
}

export const section: BenchSection = {
  name: 'Log source: ingestion throughput and following cost',
  async run(log) {
    const dir = await mkdtemp(join(tmpdir(), 'ufo-bench-log-'));
    try {
      log(`generating a ${LOG_LINES}-line log with the fleet simulator…`);
      const lines = await simulatorLog(dir, LOG_LINES);
      const file = join(dir, 'server.log');
      const text = lines.join('\n') + '\n';
      await writeFile(file, text);
      const mb = Buffer.byteLength(text) / 2 ** 20;

      // Nothing else runs in this process while it ingests (the API simulator starts later), so its CPU is the ingest's.
      const runs: number[] = [];
      const cpuRuns: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { seconds, cpuSeconds, linesRead } = await ingestOnce(file);
        if (linesRead !== LOG_LINES) throw new Error(`read ${linesRead} lines, expected ${LOG_LINES}`);
        runs.push(seconds);
        cpuRuns.push(cpuSeconds);
        log(`ingest run ${i + 1}: ${(LOG_LINES / seconds).toFixed(0)} lines/s, ${(LOG_LINES / cpuSeconds).toFixed(0)} lines per CPU-second`);
      }
      const parseSeconds = median(Array.from({ length: RUNS }, () => parseOnly(Buffer.from(text))));
      const ingestSeconds = median(runs);
      const linesPerSecond = LOG_LINES / ingestSeconds;
      const ingestCpuSeconds = median(cpuRuns);
      const linesPerCpuSecond = LOG_LINES / ingestCpuSeconds;
      const coldWarm = [cpuRuns[0]!, cpuRuns[RUNS - 1]!];
      const mtailRuns = Array.from({ length: MTAIL_RUNS }, () => mtailOnce(file));
      const mtailProblem = mtailRuns.find((r): r is string => typeof r === 'string');
      const mtailOk = mtailRuns.filter((r): r is { seconds: number; cpuSeconds: number } => typeof r !== 'string');
      const mtailLinesPerSecond = mtailProblem === undefined ? LOG_LINES / median(mtailOk.map((r) => r.seconds)) : NaN;
      const mtailLinesPerCpuSecond = mtailProblem === undefined ? LOG_LINES / median(mtailOk.map((r) => r.cpuSeconds)) : NaN;
      log(mtailProblem ?? `mtail: ${mtailLinesPerSecond.toFixed(0)} lines/s, ${mtailLinesPerCpuSecond.toFixed(0)} lines per CPU-second`);

      log('one state reading four copies of the log, a block at a time (a long-running exporter)…');
      const longRunning = await measureLongRunning(dir, lines);
      const following = await measureFollowing(dir, lines, log);

      const verdict = (ok: boolean): string => (ok ? 'meets the target' : '**misses the target**');
      return [
        `Log: ${LOG_LINES.toLocaleString('en')} lines (${mb.toFixed(1)} MiB) written by the fleet simulator in the current server format`,
        '(sessions completing and failing, uvicorn access and WebSocket lines, disconnects with cancellations, rejections).',
        '',
        '| measurement | result | target |',
        '| --- | --- | --- |',
        `| file → fleet state, median of ${RUNS} runs | **${Math.round(linesPerSecond).toLocaleString('en')} lines/s** (${(ingestSeconds * 1000).toFixed(0)} ms) — ${verdict(linesPerSecond >= 200_000)} | >= 200,000 lines/s |`,
        ...(mtailProblem === undefined
          ? [
              `| **wall clock:** mtail on the same file (\`-one_shot\`, bench/peer/mtail/ufo.mtail: start, compile, read, print), median of ${MTAIL_RUNS} | ${Math.round(mtailLinesPerSecond).toLocaleString('en')} lines/s: ours **${(linesPerSecond / mtailLinesPerSecond).toFixed(1)}×** — ${verdict(linesPerSecond >= 4 * mtailLinesPerSecond)} | ≥ 4× mtail |`,
              `| **CPU-seconds:** ours, lines per CPU-second of the ingest (\`process.cpuUsage()\`, all threads), median of ${RUNS} | ${Math.round(linesPerCpuSecond).toLocaleString('en')} lines per CPU-second (${(ingestCpuSeconds * 1000).toFixed(0)} ms of CPU) | — |`,
              `| **CPU-seconds:** mtail, user + system of the whole run (all threads, bash \`times\`), median of ${MTAIL_RUNS} | ${Math.round(mtailLinesPerCpuSecond).toLocaleString('en')} lines per CPU-second: ours **${(linesPerCpuSecond / mtailLinesPerCpuSecond).toFixed(1)}×** — ${verdict(linesPerCpuSecond >= 4 * mtailLinesPerCpuSecond)} | ≥ 4× mtail |`,
              // Each run in this process is faster than the last while V8 optimises the log code (bench/NOTES.md, 15F and the status section).
              `| ours, first run (cold: V8 still compiling the log code) · last run (warm), lines per CPU-second | ${coldWarm.map((cpu) => Math.round(LOG_LINES / cpu).toLocaleString('en')).join(' · ')}: ${coldWarm.map((cpu) => (LOG_LINES / cpu / mtailLinesPerCpuSecond).toFixed(1) + '×').join(' · ')} mtail | — |`,
            ]
          : [`| mtail on the same file | ${mtailProblem} | ≥ 4× mtail |`]),
        `| of which split + parse only (no file, no state) | ${Math.round(LOG_LINES / parseSeconds).toLocaleString('en')} lines/s (${(parseSeconds * 1000).toFixed(0)} ms) | — |`,
        ...longRunningRows(longRunning, verdict),
        ...followingRows(following, verdict),
        '',
        'Wall clock compares the time to a result and moves with the machine\'s load (mtail is multi-threaded Go, ours one JS thread plus',
        'helpers); CPU-seconds compares the work each does for the same file and is the steadier of the two (bench/NOTES.md).',
        `Following: CPU from the exporter's own \`process_cpu_seconds_total\` before and after each window (a scrape costs it ~2–4 ms); ${following.linesWritten.toLocaleString('en')} lines written, ${following.linesRead.toLocaleString('en')} read; the judged window is the steady state, the warm-up is a cost paid once per start (bench/NOTES.md, issue 15F).`,
      ].join('\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
