/**
 * The cases seen live against the real UFO server (docs/ufo-server.md, "seen live"; issue 11), written as a
 * log fixture (test/fixtures/logs/field-cases.txt) and read through the real log source, sink, fleet
 * state and renderer: exact values, counted by hand from the fixture.
 */
import { describe, expect, it } from 'vitest';
import { scrapeFixture } from './scrape-fixture';

const series = (entries: Record<string, number>) => new Map(Object.entries(entries));
/** The exporter's own sockets in this fixture: 127.0.0.1:41000 (kept alive for two probes) and [::1]:41001. */
const OWN = new Set(['127.0.0.1:41000', '::1:41001', '[::1]:41001']);

describe('field cases of the real server (field-cases.txt)', async () => {
  const m = await scrapeFixture('field-cases.txt', { isOwnCaller: (caller) => OWN.has(caller) });

  it('a device running a constellation session (task@device) is busy, whichever client started it', () => {
    // own-1 (the device's own task, target_device=None) and long-1 (demo@OK's task, target_device=OK) run on OK.
    expect(m.series('ufo_devices')).toEqual(series({ 'status=busy': 1, 'status=offline': 2 }));
    // Sessions by owner type stay as they are.
    expect(m.series('ufo_sessions_active')).toEqual(series({ 'client_type=device': 1, 'client_type=constellation': 1 }));
  });

  it('a reused session id is a new session at each start after a finish; a run finishes once', () => {
    // demo@OK three runs ("Created new" once, "Started background task" each time), own-1, long-1.
    expect(m.valueOrZero('ufo_sessions_started_total')).toBe(5);
    // Run 1 completed, run 2 failed, run 3 completed (its second "completed" line is the same run's).
    expect(m.series('ufo_sessions_finished_total')).toEqual(series({ 'reason=none,status=completed': 2, 'reason=none,status=failed': 1 }));
    expect(m.value('ufo_session_duration_seconds_count', { status: 'completed' })).toBe(2);
    expect(m.value('ufo_session_duration_seconds_sum', { status: 'completed' })).toBeCloseTo(34.99, 6);
    expect(m.value('ufo_session_duration_seconds_sum', { status: 'failed' })).toBeCloseTo(2, 6);
  });

  it("the exporter's own API probes are not requests of other callers; they have their own family", () => {
    // Others: the dispatch that failed, and a health check from 10.0.0.9 (same port number, another host).
    expect(m.series('ufo_http_requests_total')).toEqual(
      series({ 'code=500,method=POST,route=/api/dispatch': 1, 'code=200,method=GET,route=/api/health': 1 }),
    );
    expect(m.series('ufo_exporter_own_requests_total')).toEqual(
      series({ 'code=200,route=/api/health': 2, 'code=200,route=/api/clients': 2 }),
    );
  });

  it('a client id with spaces keeps its disconnect reason; a client connected before the log began is counted when it leaves', () => {
    // "lab pc 7" left with code 1001; old-dev (never seen connecting) with 1006. The
    // "📱 Device old-dev disconnected, cancelling …" notice is not a disconnect of a client "📱 Device old-dev".
    expect(m.series('ufo_client_disconnects_total')).toEqual(
      series({ 'client_type=device,reason=going_away': 1, 'client_type=device,reason=connection_lost': 1 }),
    );
    expect(m.series('ufo_client_connects_total')).toEqual(series({ 'client_type=device': 2, 'client_type=constellation': 1 }));
    expect(m.series('ufo_clients_connected')).toEqual(
      series({ 'client_type=device,platform=windows': 1, 'client_type=constellation,platform=unknown': 1 }),
    );
    expect(m.series('ufo_exporter_errors_total')).toEqual(series({}));
  });
});
