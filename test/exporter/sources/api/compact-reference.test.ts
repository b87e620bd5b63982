/**
 * The last answer kept compact (fingerprinted blocks, value bytes, a deflated copy) behaves as the
 * answer's bytes did: property tests against a plain definition of "the same but for same-length
 * per-request numbers", over random answers, random changes, random chunk and block sizes.
 */
import { describe, expect, it } from 'vitest';
import type { BodyReceiver } from '../../../../exporter/http-get';
import { blockEnds, CompactReference } from '../../../../exporter/sources/api/compact-reference';
import { ComparingReceiver } from '../../../../exporter/sources/api/comparing-receiver';
import { UnchangedBodyCache } from '../../../../exporter/sources/api/unchanged-body';
import { endOfJsonNumber, sameExceptValues, valueSpans, type ValueSpans } from '../../../../exporter/sources/api/value-spans';
import { Prng } from '../../../../scripts/simulator/prng';

const NUMBERS = ['0', '7', '42', '-3', '1.5', '2e3', '120', '9999', '10000'];
const NOT_NUMBERS = ['2.', '-', '"7"', 'nul', '1e'];

function answer(rng: Prng, clients: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < clients; i++) parts.push(`{"client_id":"${rng.uuid()}","type":"${rng.pick(['device', 'constellation'])}","uptime_seconds":${rng.pick(NUMBERS)}}`);
  return parts;
}
const body = (parts: readonly string[]): Buffer => Buffer.from(`{"clients":[${parts.join(',')}],"total":${parts.length}}`);

/** One random change: same-length or other uptimes, a changed, added or removed client, a cut or longer answer, a byte changed anywhere. */
function mutate(rng: Prng, before: Buffer): Buffer {
  const text = before.toString();
  const uptimes = [...text.matchAll(/"uptime_seconds":([^,}]*)/g)];
  const kind = rng.int(0, 7);
  if (kind <= 2 && uptimes.length > 0) {
    let out = text;
    // Rewrites a few uptimes (kind 0: same length only; 1: any number; 2: maybe not a number), from the end so offsets hold.
    for (const m of uptimes.filter(() => rng.chance(0.3)).reverse()) {
      const old = m[1]!;
      const same = NUMBERS.filter((n) => n.length === old.length);
      const next = kind === 0 ? rng.pick(same.length > 0 ? same : [old]) : kind === 1 ? rng.pick(NUMBERS) : rng.pick([...NUMBERS, ...NOT_NUMBERS]);
      const at = m.index! + '"uptime_seconds":'.length;
      out = out.slice(0, at) + next + out.slice(at + old.length);
    }
    return Buffer.from(out);
  }
  const bytes = Buffer.from(before);
  if (kind === 3 && bytes.length > 0) bytes[rng.int(0, bytes.length - 1)] = rng.int(0x20, 0x7e);
  if (kind === 4) return bytes.subarray(0, rng.int(0, bytes.length));
  if (kind === 5) return Buffer.concat([bytes, Buffer.from(' ')]);
  if (kind === 6) return Buffer.from(text.replace(/"client_id":"[0-9a-f]/, '"client_id":"z'));
  if (kind === 7) return Buffer.from(text.replace('{"clients":[', `{"clients":[${answer(rng, 1)[0]},`));
  return bytes;
}

/** The plain definition: the same length, the same bytes outside the spans, and a JSON number filling each span. */
function sameButNumbers(reference: Buffer, spans: ValueSpans, next: Buffer): boolean {
  if (next.length !== reference.length) return false;
  let at = 0;
  for (let i = 0; i < spans.starts.length; i++) {
    if (reference.compare(next, at, spans.starts[i], at, spans.starts[i]) !== 0) return false;
    if (endOfJsonNumber(next, spans.starts[i]!) !== spans.ends[i]) return false;
    at = spans.ends[i]!;
  }
  return reference.compare(next, at, next.length, at, reference.length) === 0;
}

function feed<R>(receiver: BodyReceiver<R>, bytes: Buffer, rng: Prng): R {
  const scratch = Buffer.alloc(bytes.length + 1);
  for (let at = 0; at < bytes.length; ) {
    const size = rng.int(1, rng.chance(0.5) ? 9 : 400);
    const chunk = scratch.subarray(0, bytes.copy(scratch, 0, at, Math.min(bytes.length, at + size)));
    receiver.write(chunk, at);
    chunk.fill(0x7e); // a reused read buffer
    at += chunk.length;
  }
  return receiver.end(bytes.length);
}

describe('where the blocks are cut', () => {
  it('never between a value and the byte after it, and covering the answer', () => {
    const rng = new Prng(11);
    for (let run = 0; run < 300; run++) {
      const bytes = body(answer(rng, rng.int(0, 12)));
      const spans = valueSpans(bytes)!;
      const ends = blockEnds(bytes.length, spans, rng.int(1, 120));
      expect(ends.at(-1) ?? 0).toBe(bytes.length);
      const blockOf = (at: number): number => ends.findIndex((end) => at < end);
      for (let b = 1; b < ends.length; b++) expect(ends[b]!).toBeGreaterThan(ends[b - 1]!);
      for (let i = 0; i < spans.starts.length; i++) expect(blockOf(Math.min(spans.ends[i]!, bytes.length - 1))).toBe(blockOf(spans.starts[i]!));
    }
  });
});

describe('an answer compared with the compact reference', () => {
  it('is unchanged exactly when the plain definition says so, and otherwise gives back the answer byte for byte (2,000 random pairs)', async () => {
    const rng = new Prng(7);
    let unchanged = 0;
    for (let run = 0; run < 2000; run++) {
      const reference = body(answer(rng, rng.int(0, 15)));
      const spans = valueSpans(reference)!;
      const next = mutate(rng, reference);
      const compact = new CompactReference(Buffer.from(reference), spans, rng.int(1, 300));
      const received = feed(new ComparingReceiver(compact, { status: 200, announcedBytes: rng.chance(0.5) ? next.length : undefined, limitBytes: 1 << 20 }), next, rng);
      expect(received.unchanged, `run ${run}`).toBe(sameButNumbers(reference, spans, next));
      if (received.unchanged) {
        unchanged++;
        expect(received.identical).toBe(reference.equals(next));
        expect((await compact.bytes()).equals(next)).toBe(true); // the reference now holds the new numbers
      } else {
        // The reference is what it was, but for the numbers of the blocks that matched.
        expect(sameButNumbers(reference, spans, await compact.bytes())).toBe(true);
        (await compact.bytes()).copy(received.bytes, 0, 0, received.referencePrefix);
        expect(received.bytes.equals(next), `run ${run}`).toBe(true);
      }
    }
    expect(unchanged).toBeGreaterThan(300);
  });

  it('through the cache: the same results and parses as a cache that keeps the bytes (random sequences of polls)', async () => {
    const rng = new Prng(3);
    for (let run = 0; run < 60; run++) {
      const cache = new UnchangedBodyCache<string>();
      let kept: { bytes: Buffer; result: string } | undefined;
      let modelParsed = 0;
      let current = body(answer(rng, rng.int(1, 400)));
      for (let poll = 0; poll < 12; poll++) {
        const decode = (bytes: Buffer): string => bytes.toString('latin1');
        // The model: the old cache (the last bytes, compared whole, then as "the same but for numbers of any length").
        const spans = kept && valueSpans(kept.bytes);
        const same = kept && (kept.bytes.equals(current) || (spans && spans.starts.length > 0 && (await sameExceptValues(Buffer.from(kept.bytes), spans, current))));
        const expected = same ? kept!.result : (modelParsed++, decode(current));
        kept = { bytes: current, result: expected };
        const got = await cache.settle(feed(cache.receiver({ status: 200, announcedBytes: current.length, limitBytes: 1 << 24 }), current, rng), decode);
        expect(got, `run ${run} poll ${poll}`).toBe(expected);
        current = mutate(rng, current);
      }
      expect(cache.counts.parsed).toBe(modelParsed);
    }
  });
});
