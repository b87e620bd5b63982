/**
 * The log source's per-line plumbing, as classes: every log source in the process (one per UFO server;
 * the bench's repeated ingests) then calls the same functions. Closures made per source would be new
 * call targets for V8's optimised per-line code at each new source, which it would throw away and
 * compile again.
 * - `NumberedLines`: the splitter's lines to the parser, counted for the problems' `file:line`.
 * - `SinkOutput`: the parser's events and problems to the source's sink.
 */
import type { FleetEvent, SourceSink } from '../../events';
import type { LineHandler } from './line-splitter';
import type { LogParser, ParserOutput } from './parser';

export class NumberedLines implements LineHandler {
  /** Lines seen since the file's start, or since following began (`restart` sets it to 0). */
  count = 0;

  constructor(
    private readonly parser: LogParser,
    /** A line over the splitter's limit was dropped (counted first). */
    private readonly droppedLine: () => void,
  ) {}

  line(text: string): void {
    this.count++;
    this.parser.parseLine(text);
  }

  lineBytes(bytes: Buffer, start: number, end: number): void {
    this.count++;
    this.parser.parseBytes(bytes, start, end);
  }

  tooLong(): void {
    this.count++;
    this.droppedLine();
  }
}

export class SinkOutput implements ParserOutput {
  constructor(
    private readonly sink: SourceSink,
    /** A malformed line: reported with where it is. */
    private readonly report: (kind: string, detail: string) => void,
  ) {}

  event(event: FleetEvent): void {
    this.sink.emit(event);
  }

  /** A record's log_line: as its fields when the sink takes them, else as the event. */
  logLine(level: string, at: number): void {
    if (this.sink.logLine === undefined) this.sink.emit({ source: 'log', at, type: 'log_line', level });
    else this.sink.logLine(level, at);
  }

  malformed(kind: string, detail: string): void {
    this.report(kind, detail);
  }
}
