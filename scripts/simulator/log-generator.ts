/**
 * Writes a simulator log straight to a file, without a server: for log fixtures and the log
 * ingestion bench (e.g. a 200,000-line log in the server's format). Same seed, same lines
 * (timestamps aside); the ground truth says what the lines contain.
 */
import type { GroundTruth } from './contract';
import { AppendLogFile, type LogSink } from './log-file';
import { createWorld, type WorldOptions } from './world';

export interface GeneratedLog {
  readonly lines: number;
  readonly truth: GroundTruth;
}

/** Counts the lines going through to the file. */
class CountingSink implements LogSink {
  lines = 0;
  constructor(private readonly inner: LogSink) {}
  write(text: string): void {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    this.inner.write(text);
  }
  flush = (): Promise<void> => this.inner.flush();
  rotate = (): Promise<void> => this.inner.rotate();
  truncate = (): Promise<void> => this.inner.truncate();
  hold = (): void => this.inner.hold();
  release = (): void => this.inner.release();
  close = (): Promise<void> => this.inner.close();
}

/** Appends at least `minLines` lines of simulated server log to `file`, then closes it. */
export async function writeSimulatedLog(
  file: string,
  minLines: number,
  opts: Partial<WorldOptions> = {},
): Promise<GeneratedLog> {
  if (!Number.isInteger(minLines) || minLines < 0) throw new Error(`writeSimulatedLog: minLines must be an integer >= 0, got ${minLines}`);
  const sink = new CountingSink(new AppendLogFile(file));
  try {
    const world = createWorld({ apiKey: 'simulated-key', devices: 20, constellations: 4, ...opts }, sink);
    world.connectRoster();
    let flushedAt = 0;
    while (sink.lines < minLines) {
      world.ticker.tick();
      // Let the stream drain now and then so a large log never sits in memory whole.
      if (sink.lines - flushedAt >= 5000) {
        await sink.flush();
        flushedAt = sink.lines;
      }
    }
    return { lines: sink.lines, truth: world.truth.snapshot() };
  } finally {
    await sink.close();
  }
}
