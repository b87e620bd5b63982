/**
 * The hand-written log fixtures (test/fixtures/logs/) through the real log source (tailer, splitter,
 * parser), the real state sink, fleet state and metrics renderer: exact counter values, counted by
 * hand from each fixture (the comments say how). test/contract/log-simulator.test.ts does the same for logs
 * the fleet simulator writes, against its ground truth.
 */
import { describe, expect, it } from 'vitest';
import { scrapeFixture } from './scrape-fixture';

/** The non-zero series of a metric as `label=value,…` (labels sorted) → value. */
const series = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('hand-written log fixtures give exact counter values', () => {
  it('current server format (current-format.txt)', async () => {
    const m = await scrapeFixture('current-format.txt');
    // "Created new … session": s-1, s-2, s-3 (no owner), s-4, s-5.
    expect(m.valueOrZero('ufo_sessions_started_total')).toBe(5);
    // s-1 COMPLETED; s-2 "❌ Error in session" then FAILED; s-3 "⚠️ ended with error" then FAILED — each once;
    // s-4 "Cancelling"/"was cancelled" (device_disconnected) then FAILED — counted once, as cancelled;
    // s-5 was cancelled (constellation_disconnected). "No running task found for s-1" is not a finish.
    expect(m.series('ufo_sessions_finished_total')).toEqual(
      series({
        'reason=none,status=completed': 1,
        'reason=none,status=failed': 2,
        'reason=device_disconnected,status=cancelled': 1,
        'reason=constellation_disconnected,status=cancelled': 1,
      }),
    );
    // "🚨 duplicate client_id rejected" and "Constellation registration failed", each followed by an
    // "Error with client None" that is not a second rejection; "Client ID is required" has no
    // rejection line before it: registration_error.
    expect(m.series('ufo_registrations_rejected_total')).toEqual(
      series({ 'reason=duplicate_client_id': 1, 'reason=constellation_registration_failed': 1, 'reason=registration_error': 1 }),
    );
    // uvicorn lines: two "[accepted]" WebSocket handshakes (101) and one refused (403, token stripped);
    // five access lines, task_result's id and query folded into {name}, /wp-login.php into `other`.
    // "connection open/closed/rejected" and the start-up banners are not requests.
    expect(m.series('ufo_http_requests_total')).toEqual(
      series({
        'code=101,method=WEBSOCKET,route=/ws': 2,
        'code=403,method=WEBSOCKET,route=/ws': 1,
        'code=200,method=GET,route=/api/health': 1,
        'code=401,method=GET,route=/api/clients': 1,
        'code=404,method=POST,route=/api/dispatch': 1,
        'code=200,method=GET,route=/api/task_result/{name}': 1,
        'code=404,method=GET,route=other': 1,
      }),
    );
    // The 40 Python records (uvicorn lines and the 4 traceback lines are not records):
    // 1 DEBUG (heartbeat), 8 WARNING, 5 ERROR, 1 CRITICAL, the other 25 INFO.
    expect(m.series('ufo_log_messages_total')).toEqual(series({ 'level=debug': 1, 'level=info': 25, 'level=warning': 8, 'level=error': 5, 'level=critical': 1 }));
    // Connected: win-1, linux-7 (devices), demo@win-1 (constellation).
    expect(m.series('ufo_client_connects_total')).toEqual(series({ 'client_type=device': 2, 'client_type=constellation': 1 }));
    // win-1 code=1006, linux-7 code=4000, demo@win-1 code=1001 (each followed by a plain "disconnected"
    // line: one disconnect). The "🌟 Constellation demo@win-1 disconnected, cancelling …" line is not a
    // second disconnect. mac-2's plain "disconnected" (reason unknown, test/exporter/sources/log/parser.test.ts) counts
    // too: mac-2 connected before this log began (before the exporter started), and its leave is a
    // real disconnect (a second report of the same disconnect still does not count twice).
    expect(m.series('ufo_client_disconnects_total')).toEqual(
      series({
        'client_type=device,reason=connection_lost': 1,
        'client_type=device,reason=code_4000': 1,
        'client_type=device,reason=unknown': 1,
        'client_type=constellation,reason=going_away': 1,
      }),
    );
    // Tracebacks and unrelated lines are skipped without noise.
    expect(m.series('ufo_exporter_errors_total')).toEqual(series({}));
    expect(m.value('ufo_exporter_log_lines_read_total')).toBe(59);
  });

  it('older documented format (legacy-format.txt)', async () => {
    const m = await scrapeFixture('legacy-format.txt');
    // "[Session] Created session": s-10, s-11.
    expect(m.valueOrZero('ufo_sessions_started_total')).toBe(2);
    // s-10 "Task completed"; s-11 "Task cancelled (reason: device_disconnected)" — its later
    // "Task failed" is the same session's second finish line, not counted.
    expect(m.series('ufo_sessions_finished_total')).toEqual(series({ 'reason=none,status=completed': 1, 'reason=device_disconnected,status=cancelled': 1 }));
    expect(m.series('ufo_registrations_rejected_total')).toEqual(series({}));
    expect(m.series('ufo_http_requests_total')).toEqual(series({}));
    // 9 records: 7 INFO, the "Task cancelled" WARNING, the "Task failed" ERROR.
    expect(m.series('ufo_log_messages_total')).toEqual(series({ 'level=info': 7, 'level=warning': 1, 'level=error': 1 }));
    // "✅ Registered device client: win-1", "… constellation client: demo@win-1".
    expect(m.series('ufo_client_connects_total')).toEqual(series({ 'client_type=device': 1, 'client_type=constellation': 1 }));
    // "🔌 Removed client: win-1": the older format logs no close code.
    expect(m.series('ufo_client_disconnects_total')).toEqual(series({ 'client_type=device,reason=unknown': 1 }));
    expect(m.series('ufo_exporter_errors_total')).toEqual(series({}));
  });

  it('JSON lines (json-lines.txt)', async () => {
    const m = await scrapeFixture('json-lines.txt');
    // "Created new windows session: s-1".
    expect(m.valueOrZero('ufo_sessions_started_total')).toBe(1);
    // "❌ Error in session s-1" with no "completed with status" line after it: failed at end of data.
    expect(m.series('ufo_sessions_finished_total')).toEqual(series({ 'reason=none,status=failed': 1 }));
    expect(m.series('ufo_registrations_rejected_total')).toEqual(series({}));
    // The uvicorn.access record is a request, not a log message.
    expect(m.series('ufo_http_requests_total')).toEqual(series({ 'code=200,method=GET,route=/api/health': 1 }));
    // 6 non-uvicorn records: INFO ×3 (connected, created, plain disconnected), ERROR, "warning"
    // (lower case), DEBUG (no timestamp).
    expect(m.series('ufo_log_messages_total')).toEqual(series({ 'level=info': 3, 'level=error': 1, 'level=warning': 1, 'level=debug': 1 }));
    expect(m.series('ufo_client_connects_total')).toEqual(series({ 'client_type=device': 1 }));
    // win-1 code=1000, then its plain "disconnected" line: one disconnect.
    expect(m.series('ufo_client_disconnects_total')).toEqual(series({ 'client_type=device,reason=normal': 1 }));
    expect(m.series('ufo_exporter_errors_total')).toEqual(series({}));
  });
});
