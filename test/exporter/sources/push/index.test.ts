import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../exporter/logging';
import { CatalogueRenderer } from '../../../../exporter/metrics/renderer';
import { createStateSink } from '../../../../exporter/sink';
import { FleetState } from '../../../../exporter/state';
import { parseMetrics } from '../../../../scripts/stack/metrics-text';
import { recordingSink } from '../../../helpers/recording-sink';
import { connectPusher, handshake, handshakeStatus, MAX_BYTES, startRig, TOKEN, useConnectedRig } from '../../../helpers/event-socket';

describe('event socket', () => {
  const sink = recordingSink();
  const connected = useConnectedRig(sink);

  it('accepts a good event, acknowledges it and emits the typed fleet event', async () => {
    const reply = await connected.pusher().request(JSON.stringify({ type: 'client_connected', client_id: 'win-1', platform: 'Windows', timestamp: 1_700_000_000 }));
    expect(reply).toEqual({ type: 'ack', accepted: 1 });
    expect(sink.events.at(-1)).toEqual({ source: 'push', at: 1_700_000_000, type: 'client_connected', clientId: 'win-1', platform: 'windows' });
  });

  it('answers a bad event with an error naming the field, counts it, and keeps the connection open', async () => {
    const errorsBefore = sink.errors.length;
    const reply = await connected.pusher().request(JSON.stringify({ type: 'http_request', method: 'GET', route: '/api/health', code: 200, duration_seconds: -1 }));
    expect(reply).toMatchObject({ type: 'error', kind: 'invalid_event', field: '/duration_seconds', accepted: 0 });
    expect(String(reply.message)).toContain('/duration_seconds');
    const missing = await connected.pusher().request(JSON.stringify({ type: 'session_finished', session_id: 's-1' }));
    expect(missing).toMatchObject({ kind: 'invalid_event', field: '/status' });
    const unknown = await connected.pusher().request(JSON.stringify({ type: 'teleported', client_id: 'x' }));
    expect(unknown).toMatchObject({ kind: 'invalid_event', field: '/type' });
    const extra = await connected.pusher().request(JSON.stringify({ type: 'log_line', level: 'info', colour: 'red' }));
    expect(extra).toMatchObject({ kind: 'invalid_event', field: '/colour' });
    expect(sink.errors.slice(errorsBefore).map((e) => `${e.source}/${e.kind}`)).toEqual(Array(4).fill('push/invalid_event'));
    expect(connected.pusher().ws.readyState).toBe(WebSocket.OPEN);
    expect(await connected.pusher().request(JSON.stringify({ type: 'log_line', level: 'warning' }))).toEqual({ type: 'ack', accepted: 1 });
  });

  it('answers invalid JSON with bad_json without quoting it', async () => {
    const reply = await connected.pusher().request('{"type": "log_line", secret-ish');
    expect(reply).toMatchObject({ type: 'error', kind: 'bad_json', accepted: 0 });
    expect(JSON.stringify(reply)).not.toContain('secret-ish');
    expect(sink.errors.at(-1)).toMatchObject({ source: 'push', kind: 'bad_json' });
  });

  it('applies the valid events of a batch and names the bad one by index', async () => {
    const before = sink.events.length;
    const reply = await connected.pusher().request(
      JSON.stringify([
        { type: 'session_started', session_id: 's-9', client_id: 'win-1' },
        { type: 'client_disconnected', client_id: 'win-1', code: 99 },
        { type: 'client_disconnected', client_id: 'win-1', code: 1006 },
      ]),
    );
    expect(reply).toMatchObject({ type: 'error', kind: 'invalid_event', accepted: 2, field: '/1/code' });
    expect(sink.events.slice(before).map((e) => e.type)).toEqual(['session_started', 'client_disconnected']);
    expect(sink.events.at(-1)).toMatchObject({ type: 'client_disconnected', reason: 'connection_lost' });
  });

  it('rejects an oversized message with an error reply and keeps the connection open', async () => {
    const big = JSON.stringify({ type: 'log_line', level: 'info', timestamp: 'x'.repeat(MAX_BYTES) });
    const reply = await connected.pusher().request(big);
    expect(reply).toMatchObject({ type: 'error', kind: 'too_large', accepted: 0 });
    expect(sink.errors.at(-1)).toMatchObject({ source: 'push', kind: 'too_large' });
    expect(await connected.pusher().request(JSON.stringify({ type: 'log_line', level: 'debug' }))).toEqual({ type: 'ack', accepted: 1 });
  });

  it('closes with 1009 past the hard limit (4 × maxMessageBytes), counted as too_large', async () => {
    const victim = await connectPusher(`${connected.rig().base}/events`, { Authorization: `Bearer ${TOKEN}` });
    const closed = new Promise<number>((resolve) => victim.ws.once('close', (code) => resolve(code)));
    victim.ws.send('x'.repeat(MAX_BYTES * 4 + 1));
    expect(await closed).toBe(1009);
    expect(sink.errors.at(-1)).toMatchObject({ source: 'push', kind: 'too_large' });
    // The other connection is unaffected.
    expect(await connected.pusher().request(JSON.stringify({ type: 'log_line', level: 'info' }))).toEqual({ type: 'ack', accepted: 1 });
  });

  it('normalises pushed routes like the log does: no ids, no query strings', async () => {
    await connected.pusher().request(JSON.stringify({ type: 'http_request', method: 'get', route: '/api/task_result/job-7?token=abc', code: 200, duration_seconds: 0.2 }));
    expect(sink.events.at(-1)).toMatchObject({ type: 'http_request', method: 'GET', route: '/api/task_result/{name}', code: 200, durationSeconds: 0.2 });
  });

  it('refuses a missing or wrong token with 401 and a Bearer challenge, reported as a refusal (missing / wrong), not as a push error', async () => {
    const errorsBefore = sink.errors.length;
    const refusalsBefore = connected.rig().refusals.length;
    const refused = { status: 401, challenge: 'Bearer realm="ufo-exporter events"' };
    expect(await handshake(`${connected.rig().base}/events`)).toEqual(refused);
    expect(await handshake(`${connected.rig().base}/events?token=nope`)).toEqual(refused);
    expect(await handshake(`${connected.rig().base}/events`, { Authorization: 'Bearer nope' })).toEqual(refused);
    expect(await handshake(`${connected.rig().base}/events?token=`, { Authorization: 'Basic d2hvOm5vcGU=' })).toEqual(refused);
    expect(connected.rig().refusals.slice(refusalsBefore)).toEqual(['missing /events', 'wrong /events', 'wrong /events', 'missing /events']);
    expect(sink.errors.slice(errorsBefore)).toEqual([]);
    expect(JSON.stringify(connected.rig().refusals)).not.toContain(TOKEN);
  });

  it('accepts the token in the query when the Authorization header carries another credential (web access control)', async () => {
    expect(await handshakeStatus(`${connected.rig().base}/events?token=${TOKEN}`, { Authorization: 'Bearer web-scrape-token' })).toBe(101);
  });

  it('answers upgrades on other paths with 404', async () => {
    expect(await handshakeStatus(`${connected.rig().base}/elsewhere?token=${TOKEN}`)).toBe(404);
  });
});

describe('event socket through the fleet state', () => {
  it('feeds ufo_http_request_duration_seconds and the session counters', async () => {
    const state = new FleetState();
    const rig = await startRig(createStateSink({ state, logger: silentLogger, maxSeries: 100 }));
    const pusher = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    try {
      const batch = [
        { type: 'client_connected', client_id: 'win-1' },
        { type: 'session_started', session_id: 's-1', client_id: 'win-1', timestamp: 100 },
        { type: 'http_request', method: 'POST', route: '/api/dispatch', code: 200, duration_seconds: 0.03 },
        { type: 'http_request', method: 'POST', route: '/api/dispatch', code: 200, duration_seconds: 0.07 },
        { type: 'session_finished', session_id: 's-2', status: 'cancelled', reason: 'device_disconnected' },
        { type: 'registration_rejected', reason: 'duplicate_client_id' },
      ];
      expect(await pusher.request(JSON.stringify(batch))).toEqual({ type: 'ack', accepted: batch.length });
      const samples = parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 100 }).render());
      expect(samples.valueOrZero('ufo_http_request_duration_seconds_count', { method: 'POST', route: '/api/dispatch' })).toBe(2);
      expect(samples.valueOrZero('ufo_http_request_duration_seconds_sum', { method: 'POST', route: '/api/dispatch' })).toBeCloseTo(0.1, 9);
      expect(samples.valueOrZero('ufo_http_requests_total', { method: 'POST', route: '/api/dispatch', code: '200' })).toBe(2);
      expect(samples.valueOrZero('ufo_sessions_started_total')).toBe(1);
      expect(samples.valueOrZero('ufo_sessions_finished_total', { status: 'cancelled', reason: 'device_disconnected' })).toBe(1);
      expect(samples.valueOrZero('ufo_registrations_rejected_total', { reason: 'duplicate_client_id' })).toBe(1);
      expect(samples.valueOrZero('ufo_devices', { status: 'busy' })).toBe(1);
    } finally {
      await pusher.close();
      await rig.close();
    }
  });

  it("makes the device a session runs on busy: device_id, else a task@device owner's device; a reused id runs again", async () => {
    const state = new FleetState();
    const rig = await startRig(createStateSink({ state, logger: silentLogger, maxSeries: 100 }));
    const pusher = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
    const busy = () => parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 100 }).render()).valueOrZero('ufo_devices', { status: 'busy' });
    try {
      const connects = ['win-1', 'mac-1', 'demo@win-1'].map((id) => ({ type: 'client_connected', client_id: id }));
      expect(await pusher.request(JSON.stringify(connects))).toEqual({ type: 'ack', accepted: 3 });
      await pusher.request(JSON.stringify({ type: 'session_started', session_id: 'demo@win-1', client_id: 'demo@win-1' }));
      expect(busy()).toBe(1);
      await pusher.request(JSON.stringify({ type: 'session_started', session_id: 's-2', client_id: 'demo@win-1', device_id: 'mac-1' }));
      expect(busy()).toBe(2);
      await pusher.request(JSON.stringify({ type: 'session_finished', session_id: 'demo@win-1', status: 'completed' }));
      await pusher.request(JSON.stringify({ type: 'session_started', session_id: 'demo@win-1', client_id: 'demo@win-1' }));
      expect(state.sessions.started).toBe(3);
      expect(busy()).toBe(2);
    } finally {
      await pusher.close();
      await rig.close();
    }
  });
});

describe('event socket: the sparse reconnect series', () => {
  const state = new FleetState();
  const { pusher } = useConnectedRig(createStateSink({ state, logger: silentLogger, maxSeries: 100 }));
  const reconnects = () =>
    parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 100 }).render())
      .find('ufo_client_reconnects_total')
      .map((r) => [r.labels.client_id, r.value]);
  const push = async (batch: readonly object[]) => expect(await pusher().request(JSON.stringify(batch))).toEqual({ type: 'ack', accepted: batch.length });

  it('gives a pushed client a reconnect series at its first reconnect, and none before', async () => {
    await push([
      { type: 'client_connected', client_id: 'win-1' },
      { type: 'client_connected', client_id: 'win-2' },
    ]);
    expect(reconnects()).toEqual([]);
    await push([
      { type: 'client_disconnected', client_id: 'win-1', code: 1006 },
      { type: 'client_connected', client_id: 'win-1' },
    ]);
    expect(reconnects()).toEqual([['win-1', 1]]);
  });
});
