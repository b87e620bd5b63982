/**
 * The status page's events are in the order they happened, newest first, also when the sources
 * report them out of order — as when the server goes down: the poll's "down" carries the poll's
 * start, while log lines read meanwhile carry later times.
 */
import { describe, expect, it } from 'vitest';
import { FleetState } from '../../../exporter/state';
import { buildStatusDocument } from '../../../exporter/status/build-document';

const T0 = 1_800_000_000;
const options = { listLimit: 100, version: '1', server: { name: 'lab', url: 'http://ufo:8000' }, startedAt: T0, now: T0 + 100, alerts: { configured: false } as const };

describe('status document events', () => {
  it('are newest first by when they happened, not by when they arrived', () => {
    const state = new FleetState({ now: () => T0 + 100 });
    state.apply({ type: 'upstream_status', source: 'api', at: T0, up: true, pollSeconds: 0.01, probes: [] });
    state.apply({ type: 'session_started', source: 'log', at: T0 + 20, sessionId: 's-late', clientId: 'win-1' });
    // Arrives after the session start, but the poll that found the server down began before it.
    state.apply({ type: 'upstream_status', source: 'api', at: T0 + 10, up: false, pollSeconds: 5, probes: [], error: 'no answer' });
    state.apply({ type: 'registration_rejected', source: 'log', at: T0 + 5, reason: 'duplicate_client_id' });
    const doc = buildStatusDocument(state, options);
    const times = doc.events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(doc.events.map((e) => e.kind)).toEqual(['session_started', 'upstream_down', 'registration_rejected', 'upstream_up']);
  });
});
