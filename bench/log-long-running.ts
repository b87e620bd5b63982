/**
 * The log section's third part: does a line cost the same once the exporter has run for a while? One
 * fleet state reads LONG_COPIES copies of the bench's log, each with session ids of its own, appended
 * BLOCK_LINES at a time, and each block's CPU is measured. Past ~50,000 finished sessions every bounded
 * map of the session path is full and evicts at every new session: until issue 15AH each eviction walked
 * V8's deleted-entry holes, and a line cost ~5× more there (bench/NOTES.md). Printed: the last block
 * against the second (the first pays V8's compiles), in µs of CPU a line.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '../exporter/logging';
import { createStateSink } from '../exporter/sink';
import { createLogSource } from '../exporter/sources/log';
import { FleetState } from '../exporter/state';

const LONG_COPIES = 4;
const BLOCK_LINES = 100_000;
/** A session id (a UUID) in the simulator's lines. */
const UUID = /\b([0-9a-f])([0-9a-f]{7}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

/** Copy `k` of `lines` with every UUID's first hex digit moved on by k, so copies 0–15 name different sessions. */
export function distinctCopy(lines: readonly string[], k: number): string[] {
  if (k === 0) return [...lines];
  return lines.map((line) => line.replace(UUID, (_, first: string, rest: string) => ((parseInt(first, 16) + k) % 16).toString(16) + rest));
}

export interface LongRunningCost {
  /** CPU µs a line of each block, in file order. */
  readonly perBlock: readonly number[];
  readonly lines: number;
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** One state reads the copies block by block (the source's catch-up read after each append); CPU per block. */
export async function measureLongRunning(dir: string, lines: readonly string[]): Promise<LongRunningCost> {
  const file = join(dir, 'long-running.log');
  await writeFile(file, '');
  const all = Array.from({ length: LONG_COPIES }, (_, k) => distinctCopy(lines, k)).flat();
  const state = new FleetState();
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 100_000 });
  const source = createLogSource({ file, fromStart: true, logger: silentLogger });
  const catchUp = source.catchUp;
  if (!catchUp) throw new Error('the log source has no catch-up read');
  await source.start(sink);
  const perBlock: number[] = [];
  try {
    for (let from = 0; from + BLOCK_LINES <= all.length; from += BLOCK_LINES) {
      await appendFile(file, all.slice(from, from + BLOCK_LINES).join('\n') + '\n');
      const before = cpuMicros();
      await catchUp.call(source);
      perBlock.push((cpuMicros() - before) / BLOCK_LINES);
    }
  } finally {
    await source.stop();
  }
  const read = state.exporter.logLinesRead;
  if (read !== perBlock.length * BLOCK_LINES) throw new Error(`long-running state read ${read} lines, expected ${perBlock.length * BLOCK_LINES}`);
  return { perBlock, lines: read };
}

/** Our own bound (no issue target): a line may cost at most this much more once the state is full. */
const STEADY_RATIO = 1.5;

/** The section's table row for `cost`. */
export function longRunningRows(cost: LongRunningCost, verdict: (ok: boolean) => string): string[] {
  const early = cost.perBlock[1]!;
  const late = cost.perBlock[cost.perBlock.length - 1]!;
  const blocks = cost.perBlock.map((us) => us.toFixed(2)).join(' · ');
  return [
    `| file → fleet state in one state that has read ${cost.lines.toLocaleString('en')} lines (${LONG_COPIES} copies, sessions of their own; the session memory full from ~330k): CPU a line, last ${BLOCK_LINES.toLocaleString('en')} lines vs the second (issue 15AH; 5.1× before it) | ${late.toFixed(2)} · ${early.toFixed(2)} µs (**${(late / early).toFixed(2)}×**) — ${verdict(late <= STEADY_RATIO * early)}; by block: ${blocks} µs | ≤ ${STEADY_RATIO}× (ours) |`,
  ];
}
