/**
 * One message of the event socket → the events it carries, applied, and the one reply it gets.
 * A message is one JSON event or an array of them; each is validated against events.schema.json,
 * the valid ones are emitted, and the first problem is named in the reply. Never throws.
 */
import type { RawData } from 'ws';
import type { FleetEvent, SourceSink } from '../../events';
import { scrubIds } from '../log/ids';
import { toFleetEvent, toLogError } from './pushed-event';
import { EventValidator, type FieldProblem } from './validate';

/** Most events one batch message may carry. */
export const MAX_BATCH_EVENTS = 10_000;

export type Reply =
  | { readonly type: 'ack'; readonly accepted: number }
  | ({ readonly type: 'error'; readonly kind: string; readonly accepted: number } & Partial<FieldProblem> & { readonly message: string });

export interface MessageHandlerOptions {
  /** The socket's path, for error messages. */
  readonly path: string;
  readonly maxMessageBytes: number;
  readonly sink: SourceSink;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, part) => n + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function asText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

export function createMessageHandler({ path, maxMessageBytes, sink }: MessageHandlerOptions): (data: RawData) => Reply {
  const validator = new EventValidator();
  const report = (kind: string, message: string): void => sink.reportError({ source: 'push', kind, message });
  return (data: RawData): Reply => {
    const size = byteLength(data);
    if (size > maxMessageBytes) {
      const message = `message is ${size} bytes; the limit is ${maxMessageBytes}`;
      report('too_large', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'too_large', accepted: 0, message };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(asText(data));
    } catch {
      // V8's parse error quotes the input; the reply and the log line do not.
      const message = 'message is not valid JSON';
      report('bad_json', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'bad_json', accepted: 0, message };
    }
    const batch = Array.isArray(parsed);
    const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    if (items.length > MAX_BATCH_EVENTS) {
      const message = `batch of ${items.length} events; at most ${MAX_BATCH_EVENTS} per message`;
      report('too_large', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'too_large', accepted: 0, field: '/', message };
    }
    const receivedAt = Date.now() / 1000;
    let accepted = 0;
    let firstProblem: FieldProblem | undefined;
    const valid: FleetEvent[] = [];
    /** Events a pushed event stands for besides its own (an error log line's pattern); not counted as accepted. */
    const companions: FleetEvent[] = [];
    items.forEach((item, index) => {
      const result = validator.check(item, batch ? `/${index}` : '');
      if (result.ok) {
        const event = scrubIds(toFleetEvent(result.event, receivedAt));
        if (event) valid.push(event);
        const logError = event && toLogError(result.event, event.at);
        if (logError) companions.push(logError);
        return;
      }
      firstProblem ??= result.problem;
      report('invalid_event', `event socket ${path}: field ${result.problem.field} ${result.problem.message}`);
    });
    for (const event of valid) {
      sink.emit(event);
      accepted++;
    }
    for (const event of companions) sink.emit(event);
    if (firstProblem === undefined) return { type: 'ack', accepted };
    return {
      type: 'error',
      kind: 'invalid_event',
      accepted,
      field: firstProblem.field,
      message: `${firstProblem.field} ${firstProblem.message}`,
    };
  };
}
