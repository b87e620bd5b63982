/**
 * Skips the decode, JSON.parse and validation of an API answer that did not change.
 *
 * Every scrape polls `/api/health` and `/api/clients`, and almost always the fleet is the same as at
 * the last poll. The bytes are compared with the last answer first: the same bytes give the same
 * result object back (the same identity, so the fleet state can skip its diff too, see
 * exporter/state/client-snapshot.ts). The rich shape carries a per-request field, `uptime_seconds`,
 * whose value changes every second in every entry; those numbers are skipped in the comparison, since
 * nothing the exporter reads depends on them.
 *
 * The answer is compared as it arrives (comparing-receiver.ts): an unchanged one is never stored.
 * A changed one is received into a buffer and compared again here (value-spans.ts: a number that got
 * longer is still the same fleet), in native slices that yield to the event loop every few thousand
 * values, so a 100,000-client answer never holds the loop for long.
 */
import { OneBufferReceiver, type BodyReceiver, type BodyStart } from '../../http-get';
import { ComparingReceiver, type Received } from './comparing-receiver';
import { sameExceptValues, valueSpans, type ValueSpans } from './value-spans';

const NO_SPANS: ValueSpans = { starts: new Int32Array(0), ends: new Int32Array(0) };

/** How the answers were handled since start (tests and the bench read these). */
export interface DecodeCounts {
  /** Decoded, parsed and validated. */
  parsed: number;
  /** The same bytes as the last answer. */
  identical: number;
  /** The same except for per-request values (e.g. uptime_seconds). */
  sameExceptPerRequest: number;
}

/** Remembers one endpoint's last answer and what it decoded to. */
export class UnchangedBodyCache<T> {
  /** The last answer received and what it decoded to (the result of the last one decoded, when it differed only in per-request values). */
  private last: { bytes: Buffer; result: T; spans: ValueSpans | undefined | null } | undefined;
  readonly counts: DecodeCounts = { parsed: 0, identical: 0, sameExceptPerRequest: 0 };

  /**
   * A receiver for the next answer: with a last answer, it compares the new one with it as it arrives
   * and keeps no bytes while they match (comparing-receiver.ts); else it receives it into a buffer.
   * One at a time (the API source polls single-flight); hand its result to `settle`.
   */
  receiver(start: BodyStart): BodyReceiver<Received> {
    const last = this.last;
    if (!last) {
      const into = new OneBufferReceiver(start);
      return { write: (chunk, offset) => into.write(chunk, offset), end: (length) => ({ unchanged: false, bytes: into.end(length) }) };
    }
    // Found once per reference answer (null: it has no per-request values, or a malformed one: then only the same bytes match).
    if (last.spans === undefined) last.spans = valueSpans(last.bytes) ?? null;
    return new ComparingReceiver(last.bytes, last.spans ?? NO_SPANS, start);
  }

  /** The result for what `receiver()` received: the last result when unchanged, else as `resolve`. */
  async settle(received: Received, decode: (bytes: Buffer) => T | Promise<T>): Promise<T> {
    if (!received.unchanged) return this.resolve(received.bytes, decode);
    if (!this.last) throw new Error('internal: an answer compared with no last answer');
    if (received.identical) this.counts.identical++;
    else this.counts.sameExceptPerRequest++;
    return this.last.result;
  }

  /** The result for `bytes`: the last one when the answer did not change, else `decode(bytes)` (which may throw or reject). */
  async resolve(bytes: Buffer, decode: (bytes: Buffer) => T | Promise<T>): Promise<T> {
    const last = this.last;
    if (last) {
      if (last.bytes.equals(bytes)) {
        this.counts.identical++;
        return last.result;
      }
      if (last.spans === undefined) last.spans = valueSpans(last.bytes) ?? null;
      const spans = last.spans !== null && last.spans.starts.length > 0 ? await sameExceptValues(last.bytes, last.spans, bytes) : undefined;
      if (spans) {
        // The new answer becomes the reference (its numbers are the nearest to the next answer's).
        this.counts.sameExceptPerRequest++;
        this.last = { bytes, result: last.result, spans };
        return last.result;
      }
    }
    // A failed decode forgets the last answer: the next one is decoded again.
    this.last = undefined;
    const result = await decode(bytes);
    this.counts.parsed++;
    this.last = { bytes, result, spans: undefined };
    return result;
  }
}
