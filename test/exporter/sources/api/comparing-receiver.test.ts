/**
 * An answer compared with the last one as its chunks arrive: unchanged (but for same-length
 * per-request numbers) keeps nothing; any other difference, wherever the chunks are cut, gives back
 * exactly the new answer's bytes. Through the cache: only a changed answer is parsed.
 */
import { describe, expect, it } from 'vitest';
import type { BodyReceiver } from '../../../../exporter/http-get';
import { ComparingReceiver, type Received } from '../../../../exporter/sources/api/comparing-receiver';
import { UnchangedBodyCache } from '../../../../exporter/sources/api/unchanged-body';
import { valueSpans } from '../../../../exporter/sources/api/value-spans';

const rich = (uptimes: readonly string[], id = 'a'): Buffer =>
  Buffer.from(`{"clients":[{"client_id":"${id}","uptime_seconds":${uptimes[0]}},{"client_id":"b","uptime_seconds":${uptimes[1]}}],"total":2}`);

/** Feeds `body` in chunks of `size` (each a fresh copy overwritten after the call, as a reused read buffer is). */
function feed<R>(receiver: BodyReceiver<R>, body: Buffer, size: number): R {
  const scratch = Buffer.alloc(size);
  for (let at = 0; at < body.length; at += size) {
    const chunk = scratch.subarray(0, body.copy(scratch, 0, at, Math.min(body.length, at + size)));
    receiver.write(chunk, at);
    scratch.fill(0x7e);
  }
  return receiver.end(body.length);
}

function receive(reference: Buffer, answer: Buffer, size: number): Received {
  const spans = valueSpans(reference);
  if (!spans) throw new Error('no value spans');
  const start = { status: 200, announcedBytes: answer.length, limitBytes: 1 << 20 };
  return feed(new ComparingReceiver(Buffer.from(reference), spans, start), answer, size);
}

const CHUNK_SIZES = [1, 2, 3, 5, 7, 16, 29, 1000];

describe('comparing an answer as it arrives', () => {
  it.each(CHUNK_SIZES)('the same bytes, in chunks of %i: unchanged and identical, nothing kept', (size) => {
    expect(receive(rich(['1', '20']), rich(['1', '20']), size)).toEqual({ unchanged: true, identical: true });
  });

  it.each(CHUNK_SIZES)('other uptimes of the same length, in chunks of %i: unchanged, not identical', (size) => {
    expect(receive(rich(['1', '20']), rich(['7', '2.']), size).unchanged).toBe(false); // "2." is not a number
    expect(receive(rich(['1', '20']), rich(['7', '21']), size)).toEqual({ unchanged: true, identical: false });
    expect(receive(rich(['1', '2e1']), rich(['7', '-25']), size)).toEqual({ unchanged: true, identical: false });
  });

  it.each([
    ['a longer uptime', rich(['1', '20']), rich(['1', '200'])],
    ['a shorter uptime', rich(['1', '20']), rich(['1', '2'])],
    ['a changed client id', rich(['1', '20']), rich(['1', '20'], 'z')],
    ['a changed id after a changed uptime', rich(['1', '20']), rich(['3', '20'], 'z')],
    ['an answer cut short', rich(['1', '20']), rich(['1', '20']).subarray(0, 30)],
    ['a longer answer', rich(['1', '20']), Buffer.concat([rich(['1', '20']), Buffer.from(' ')])],
    ['an uptime that is no longer a number', rich(['1', '20']), rich(['1', '"2'])],
    ['an empty answer', rich(['1', '20']), Buffer.alloc(0)],
  ])('%s: the new answer, byte for byte, whatever the chunks', (_name, reference, answer) => {
    for (const size of CHUNK_SIZES) {
      const received = receive(reference, answer, size);
      expect(received.unchanged).toBe(false);
      if (!received.unchanged) expect(received.bytes.toString()).toBe(answer.toString());
    }
  });

  it('leaves the reference valid JSON of the same structure, holding the new numbers', () => {
    const reference = rich(['1', '20']);
    const spans = valueSpans(reference)!;
    feed(new ComparingReceiver(reference, spans, { status: 200, announcedBytes: undefined, limitBytes: 1000 }), rich(['3', '45']), 4);
    expect(JSON.parse(reference.toString())).toEqual({ clients: [{ client_id: 'a', uptime_seconds: 3 }, { client_id: 'b', uptime_seconds: 45 }], total: 2 });
  });
});

describe('the cache with a comparing receiver', () => {
  it('parses the first and a changed answer, reuses the result for unchanged ones, and keeps the latest as reference', async () => {
    const cache = new UnchangedBodyCache<string>();
    let decoded = 0;
    const decode = (b: Buffer): string => (decoded++, JSON.parse(b.toString()).clients[0].client_id as string);
    const poll = (answer: Buffer): Promise<string> =>
      cache.settle(feed(cache.receiver({ status: 200, announcedBytes: answer.length, limitBytes: 1000 }), answer, 8), decode);
    expect(await poll(rich(['1', '20']))).toBe('a');
    expect(await poll(rich(['1', '20']))).toBe('a');
    expect(await poll(rich(['2', '21']))).toBe('a');
    expect(await poll(rich(['2', '100']))).toBe('a'); // longer: received whole, same fleet, the new reference
    expect(await poll(rich(['3', '101']))).toBe('a'); // compared with the latest answer as it arrives
    expect(cache.counts).toEqual({ parsed: 1, identical: 1, sameExceptPerRequest: 3 });
    expect(decoded).toBe(1);
    expect(await poll(rich(['3', '101'], 'z'))).toBe('z');
    expect(cache.counts.parsed).toBe(2);
  });

  it('compares byte for byte with a reference whose values are not numbers', async () => {
    const cache = new UnchangedBodyCache<string>();
    const body = Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":null}]}');
    const poll = (answer: Buffer): Promise<string> =>
      cache.settle(feed(cache.receiver({ status: 200, announcedBytes: undefined, limitBytes: 1000 }), answer, 5), (b) => b.toString());
    await poll(body);
    await poll(body);
    await poll(Buffer.from(body.toString().replace('null', 'true')));
    expect(cache.counts).toEqual({ parsed: 2, identical: 1, sameExceptPerRequest: 0 });
  });
});
