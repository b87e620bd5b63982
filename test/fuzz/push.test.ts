/**
 * Property test: random and hostile messages over a real event-socket connection into the real fleet
 * state. Every message gets exactly one reply, the connection stays open, counters never go down,
 * and a token inside a pushed URL or id never becomes a label value.
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricDefinitions } from '../../exporter/catalogue';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { PUSHED_EVENT_TYPES } from '../../exporter/sources/push/pushed-event';
import { FleetState } from '../../exporter/state';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { connectPusher, startRig, TOKEN, type Pusher, type SocketRig } from '../helpers/event-socket';

const SECRET = 'PUSHEDSECRET99';
const PER_CLIENT = new Set(metricDefinitions.filter((d) => d.perClient).map((d) => d.name));

const value = fc.oneof(
  fc.anything({ maxDepth: 1 }),
  fc.constant(`/api/task_result/x?token=${SECRET}`),
  fc.constant(`dev-1?token=${SECRET}`),
  fc.constantFrom(...PUSHED_EVENT_TYPES),
  fc.double(),
  fc.integer({ min: 900, max: 5100 }),
);
const field = fc.constantFrom('type', 'client_id', 'session_id', 'status', 'reason', 'route', 'method', 'code', 'duration_seconds', 'level', 'timestamp', 'platform', 'client_type', 'extra');
const eventLike = fc.tuple(fc.constantFrom(...PUSHED_EVENT_TYPES), fc.dictionary(field, value, { maxKeys: 6 })).map(([type, rest]) => ({ type, ...rest }));
/** Schema-valid events with the secret where a URL or an id goes. */
const validHostile = fc.constantFrom(
  { type: 'http_request', method: 'GET', route: `/ws?token=${SECRET}`, code: 101, duration_seconds: 0.1 },
  { type: 'client_connected', client_id: `dev-1?token=${SECRET}`, platform: 'linux' },
  { type: 'session_started', session_id: 's-1', client_id: `dev-1#token=${SECRET}` },
  { type: 'client_disconnected', client_id: `dev-1?token=${SECRET}`, code: 1006 },
);
const message = fc.oneof(
  validHostile.map((e) => JSON.stringify(e)),
  eventLike.map((e) => JSON.stringify(e)),
  fc.array(eventLike, { maxLength: 5 }).map((a) => JSON.stringify(a)),
  fc.json(),
  fc.string({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
);

function counters(samples: ReadonlyMap<string, number>): [string, number][] {
  return [...samples].filter(([k]) => /_total\{|_count\{|_sum\{|_bucket\{/.test(k) && !PER_CLIENT.has(k.slice(0, k.indexOf('{'))));
}

describe('event socket under random and hostile messages (fast-check)', () => {
  const state = new FleetState({ now: () => 1_800_000_000 });
  const renderer = new CatalogueRenderer({ view: state, maxSeries: 1_000_000, now: () => 1_800_000_000 });
  let rig: SocketRig;
  let pusher: Pusher;
  beforeAll(async () => {
    rig = await startRig(createStateSink({ state, logger: silentLogger, maxSeries: 1_000_000 }));
    pusher = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
  });
  afterAll(async () => {
    await pusher?.close();
    await rig?.close();
  });

  it('replies once to every message, stays open, keeps counters monotonic and never exports the token', async () => {
    let previous = parseMetrics(renderer.render()).byKey;
    await fc.assert(
      fc.asyncProperty(message, async (payload) => {
        const reply = await pusher.request(payload);
        expect(['ack', 'error']).toContain(reply.type);
        expect(pusher.ws.readyState).toBe(WebSocket.OPEN);
        const current = parseMetrics(renderer.render()).byKey;
        // One assertion each over all series (an `expect` per series was most of this file's time).
        expect(counters(previous).filter(([key, old]) => !((current.get(key) ?? 0) >= old))).toEqual([]);
        expect([...current.keys()].filter((key) => key.includes(SECRET))).toEqual([]);
        previous = current;
      }),
      { numRuns: 200 },
    );
  });
});
