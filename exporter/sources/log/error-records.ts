/**
 * Turns the log's WARNING/ERROR/CRITICAL records into `log_error` events, one per record, with the
 * record's pattern (error-pattern.ts).
 *
 * A Python traceback belongs to the record before it (`logger.exception(…)` writes the record line,
 * then `Traceback (most recent call last):`, indented frames, and the exception line): the record is
 * held until the next record starts, and the exception type of the traceback's last exception line
 * joins its pattern (`… [RuntimeError]`). A traceback with no warning-or-worse record before it
 * (printed by the server outside its logger) is a record of its own, level `error`, logger
 * `traceback`, its pattern made from its exception line. Only the type and the last exception line
 * are kept while a traceback is read, so a huge or endless traceback costs nothing.
 */
import type { LogError } from '../../events';
import type { EventOut } from './session-runs';
import { rememberLast } from './remember-last';
import { cleanMessage, exampleFromKey, exampleOfClean, exceptionTypeOf, patternOfClean, uuidFreeKey } from './error-pattern';

/** Levels whose records get a pattern. */
export const ERROR_LEVELS: ReadonlySet<string> = new Set(['warning', 'error', 'critical']);

const TRACEBACK_START = 'Traceback (most recent call last):';
/** The logger label of a traceback printed without a log record. */
export const TRACEBACK_LOGGER = 'traceback';
/** Logger names become label values: tame ones are kept, anything else is `other`. */
const LOGGER_LABEL = /^[A-Za-z_][\w.:-]{0,63}$/;

/** A logger's name as a label (a few loggers write every error). */
const labelOfName = rememberLast((name) => (LOGGER_LABEL.test(name) ? name : 'other'));

export function loggerLabel(name: string | undefined): string {
  return name === undefined || name === '' ? 'unknown' : labelOfName(name);
}

/**
 * Patterns and examples of recently seen cleaned messages (pure functions of the text; the same error
 * text repeats), keyed with their whitespace-delimited UUIDs made one (`uuidFreeKey`), so `No running
 * task found for <uuid>` hits. The example is cached for the key's own text; a message with UUIDs gets
 * it with its own UUIDs put back (`exampleFromKey`), or made the long way when that cannot be sure.
 */
const SHAPES_REMEMBERED = 1000;
interface Shape {
  readonly pattern: string;
  /** The example of the key's own text. */
  readonly example: string;
}
const shapes = new Map<string, Shape>();

function shapeOf(message: string, exception: string | undefined): Shape {
  const clean = cleanMessage(message);
  const generic = uuidFreeKey(clean);
  // Control characters never survive cleanMessage, so \u0000 cannot be part of `generic`.
  const key = exception === undefined ? generic : `${generic}\u0000${exception}`;
  let shape = shapes.get(key);
  if (shape === undefined) {
    if (shapes.size >= SHAPES_REMEMBERED) shapes.clear(); // the bound; a repeating error is back after one miss
    shape = { pattern: patternOfClean(generic, exception), example: exampleOfClean(generic) };
    shapes.set(key, shape);
  }
  if (generic === clean) return shape;
  return { pattern: shape.pattern, example: exampleFromKey(shape.example, clean) ?? exampleOfClean(clean) };
}

/** A log_error event for one record; `exception` is a traceback's exception type, when it had one. */
export function logErrorEvent(
  source: LogError['source'],
  at: number,
  level: LogError['level'],
  logger: string | undefined,
  message: string,
  exception?: string,
): LogError {
  const { pattern, example } = shapeOf(message, exception);
  return {
    source,
    at,
    type: 'log_error',
    level,
    logger: loggerLabel(logger),
    pattern,
    example,
  };
}

/** The exception type named by the last exception line of a traceback text (JSON `exc_info`). */
export function exceptionTypeOfTraceback(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trimEnd();
    if (line === '' || line.startsWith(' ') || line.startsWith(TRACEBACK_START)) continue;
    const type = exceptionTypeOf(line);
    if (type !== undefined) return type;
  }
  return undefined;
}

interface Pending {
  readonly at: number;
  readonly level: LogError['level'];
  readonly logger: string;
  /** undefined for a traceback printed without a record: its exception line is the message. */
  readonly message: string | undefined;
  inTraceback: boolean;
  exception: string | undefined;
  exceptionLine: string | undefined;
}

/** A held record, its traceback's fields still unknown: one literal for all, with the fields set later (docs/performance.md, "One shape per literal"). */
function pendingRecord(at: number, level: LogError['level'], logger: string, message: string | undefined, inTraceback: boolean): Pending {
  return { at, level, logger, message, inTraceback, exception: undefined, exceptionLine: undefined };
}

export class ErrorRecords {
  private pending: Pending | undefined;

  constructor(private readonly out: EventOut) {}

  /** A record starts: the held one is complete. Warning-or-worse records are held for their traceback. */
  record(at: number, level: string, logger: string | undefined, message: string): void {
    this.flush();
    if (!ERROR_LEVELS.has(level)) return;
    this.pending = pendingRecord(at, level as LogError['level'], loggerLabel(logger), message, false);
  }

  /** A record below WARNING starts (`record` with such a level, without its logger and message). */
  otherRecord(): void {
    this.flush();
  }

  /** A record that carries its traceback (a JSON record's `exc_info`): nothing can follow it, it is emitted at once. */
  completeRecord(at: number, level: string, logger: string | undefined, message: string, traceback: string | undefined): void {
    this.flush();
    if (!ERROR_LEVELS.has(level)) return;
    const exception = traceback === undefined ? undefined : exceptionTypeOfTraceback(traceback);
    this.out.emit(logErrorEvent('log', at, level as LogError['level'], logger, message, exception));
  }

  /** A line that is not a record: traceback lines, continuation lines, banners. */
  otherLine(line: string, at: number): void {
    if (line.startsWith(TRACEBACK_START)) {
      if (this.pending === undefined) this.pending = pendingRecord(at, 'error', TRACEBACK_LOGGER, undefined, true);
      this.pending.inTraceback = true;
      return;
    }
    const pending = this.pending;
    if (pending === undefined || !pending.inTraceback || line.startsWith(' ') || line.startsWith('\t')) return;
    const type = exceptionTypeOf(line);
    if (type === undefined) return;
    // Chained tracebacks: the last exception is the one that was raised.
    pending.exception = type;
    if (pending.message === undefined) pending.exceptionLine = line;
  }

  /**
   * The data read so far is exhausted. The held record is emitted unless its traceback has begun and
   * its exception line has not arrived yet (a write cut in two): that one waits for the next line.
   */
  endOfData(): void {
    if (this.pending?.inTraceback === true && this.pending.exception === undefined) return;
    this.flush();
  }

  private flush(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    if (p.message !== undefined) this.out.emit(logErrorEvent('log', p.at, p.level, p.logger, p.message, p.exception));
    else if (p.exceptionLine !== undefined) this.out.emit(logErrorEvent('log', p.at, p.level, p.logger, p.exceptionLine));
    // A bare `Traceback` line with no exception line after it carries nothing to count.
  }
}
