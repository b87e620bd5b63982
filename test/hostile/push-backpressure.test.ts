/**
 * Case 4 of the hardening issue: /events replies to a client that never reads used to pile up
 * without limit (+37 MB per 100k), with no per-connection rate limit and no connection cap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recordingSink } from '../helpers/recording-sink';
import { connectPusher, DEFAULT_LIMITS, handshakeStatus, startRig, TOKEN, type SocketRig } from '../helpers/event-socket';
import { waitFor, waitUntil } from '../../scripts/stack/wait';
import { connectDeafClient } from './raw-websocket';

describe('/events backpressure', () => {
  let rig: SocketRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('closes a connection that leaves its replies unread, and keeps serving the others', async () => {
    const sink = recordingSink();
    rig = await startRig(sink, '/events', { ...DEFAULT_LIMITS, maxMessagesPerSecond: 10_000_000, maxBufferedBytes: 64 * 1024 });
    const port = Number(new URL(rig.base).port);
    const deaf = await connectDeafClient(port, `/events?token=${TOKEN}`);
    // Empty batches: cheap to apply, each answered with an ack the client never reads. Past the
    // kernel's socket buffers the replies wait in the exporter until 64 KiB, then it hangs up.
    const sending = deaf.send('[]', 1_000_000);
    await waitUntil('the slow reader to be cut off', () => rig!.overflows.includes('push_buffered_bytes'), 60_000);
    deaf.destroy();
    await sending;
    expect(sink.errors.some((e) => e.source === 'push' && e.kind === 'slow_reader')).toBe(true);
    const other = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    expect(await other.request('[]')).toEqual({ type: 'ack', accepted: 0 });
    await other.close();
  }, 90_000);

  it('refuses messages over the per-connection rate with rate_limited, applying none of them', async () => {
    const sink = recordingSink();
    rig = await startRig(sink, '/events', { ...DEFAULT_LIMITS, maxMessagesPerSecond: 5 });
    const pusher = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await pusher.request(JSON.stringify({ type: 'log_line', level: 'info' })));
    const limited = replies.filter((r) => r.kind === 'rate_limited');
    // A burst of 5 (plus what refilled meanwhile) passes; the rest is refused and not applied.
    expect(limited.length).toBeGreaterThan(0);
    expect(sink.events.length).toBe(20 - limited.length);
    expect(rig.overflows.filter((b) => b === 'push_rate')).toHaveLength(limited.length);
    await pusher.close();
  });

  it('refuses a handshake past the connection cap with 503', async () => {
    rig = await startRig(recordingSink(), '/events', { ...DEFAULT_LIMITS, maxConnections: 2 });
    const a = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    const b = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    expect(await handshakeStatus(`${rig.base}/events?token=${TOKEN}`)).toBe(503);
    expect(rig.overflows).toEqual(['push_connections']);
    await a.close();
    await waitFor(async () => ((await handshakeStatus(`${rig!.base}/events?token=${TOKEN}`)) === 101 ? true : undefined), { what: 'a slot to free up', timeoutMs: 10_000 });
    await b.close();
  });
});
