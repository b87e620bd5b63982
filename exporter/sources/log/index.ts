/**
 * The log source: follows the UFO server's log file (`--ufo.log-file`) and turns its lines into
 * fleet events. Bad lines are counted as `ufo_exporter_errors_total{source="log",kind}` with the
 * file and line number in the message; nothing in the file can stop the source.
 *
 * Line numbers are exact when the file is read from its start (`fromStart`, or a file that appeared
 * or was rotated in after start); when following began at the end of an existing file they count
 * from there and are written `file:+N`.
 */
import type { Source, SourceSink } from '../../events';
import type { Logger } from '../../logging';
import { restoreV8InliningBudget } from './inlining-budget';
import { LineSplitter } from './line-splitter';
import { NumberedLines, SinkOutput } from './numbered-lines';
import { LogParser } from './parser';
import { FileTailer } from './tailer';

export interface LogSourceOptions {
  readonly file: string;
  readonly fromStart: boolean;
  readonly logger: Logger;
  /** Poll interval while the file grows (a quiet file is watched, and polled at twice it); default 5 s. A scrape reads the log first (`catchUp`). */
  readonly pollMs?: number;
  /** True when an access line's caller (`host:port`) is the exporter itself (own-connections.ts). */
  readonly isOwnCaller?: (caller: string) => boolean;
  /** How V8 flags are set when the source starts (inlining-budget.ts): `v8.setFlagsFromString` unless a test's stand-in. */
  readonly setV8Flags?: (flags: string) => void;
}

/** Longest line kept, in bytes; longer ones are dropped and counted (`line_too_long`). */
export const MAX_LINE_LENGTH = 256 * 1024;

export function createLogSource(opts: LogSourceOptions): Source {
  let tailer: FileTailer | undefined;

  return {
    name: 'log',
    async start(sink: SourceSink): Promise<void> {
      if (tailer) throw new Error('log source already started');
      restoreV8InliningBudget(opts.setV8Flags);
      const { file, logger } = opts;
      let relative = false;
      const where = (): string => `${file}:${relative ? '+' : ''}${lines.count}`;
      const report = (kind: string, detail: string): void => sink.reportError({ source: 'log', kind, message: `${where()}: ${detail}` });

      // Classes, not closures: every source runs the same per-line functions (numbered-lines.ts).
      const parser = new LogParser(new SinkOutput(sink, report), undefined, opts.isOwnCaller);
      const lines = new NumberedLines(parser, () => report('line_too_long', `line longer than ${MAX_LINE_LENGTH} bytes dropped`));
      const splitter = new LineSplitter(MAX_LINE_LENGTH, lines);
      const restart = (): void => {
        lines.count = 0;
        relative = false;
      };

      tailer = new FileTailer(file, { fromStart: opts.fromStart, ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }) }, {
        data(chunk) {
          const lines = splitter.push(chunk);
          if (lines > 0) sink.linesRead(lines);
        },
        opened(offset) {
          relative = offset > 0;
          sink.logFileState?.(null);
          logger.info('following the UFO server log', { file, offset });
        },
        waiting() {
          sink.logFileState?.(`${file} does not exist`);
          logger.warn('UFO server log file does not exist (yet); waiting for it', { file });
        },
        rotated() {
          const lines = splitter.flush();
          if (lines > 0) sink.linesRead(lines);
          restart();
          logger.info('UFO server log rotated; reading the new file from its start', { file });
        },
        truncated() {
          splitter.reset();
          restart();
          logger.info('UFO server log truncated; reading it again from its start', { file });
        },
        caughtUp() {
          parser.endOfData();
        },
        failed(error) {
          sink.logFileState?.(`${file} cannot be read (${error.code ?? error.message})`);
          sink.reportError({ source: 'log', kind: 'read_error', message: `${file}: ${error.code ?? ''} ${error.message}`.trim() });
          logger.error('cannot read the UFO server log', { file, error: error.message });
        },
      });
      await tailer.start();
    },
    async stop(): Promise<void> {
      await tailer?.stop();
      tailer = undefined;
    },
    // One poll now (or the one in flight and then another): every line written before the call is read.
    catchUp: () => tailer?.poll() ?? Promise.resolve(),
  };
}
