import { describe, expect, it } from 'vitest';
import { disconnectReason } from '../../../../exporter/sources/log/close-codes';
import { normaliseMethod, normaliseRoute } from '../../../../exporter/sources/log/http-labels';
import { local, parseFixture, parseText, render } from '../../../helpers/log-parse';

const CURRENT_BASE = local(2026, 11, 21, 4, 28, 0);

describe('log parser: current server format (every docs/ufo-server.md example)', () => {
  const parsed = parseFixture('current-format.txt');

  it('emits exactly this event sequence', () => {
    expect(parsed.events.map((e) => render(e, CURRENT_BASE))).toEqual([
      '0.001 log_line level=info',
      // uvicorn lines carry no time: they get the last record's; the query string (API key) is gone.
      '0.001 http_request method=WEBSOCKET route=/ws code=101',
      '27.535 log_line level=info',
      '27.535 log_line level=info',
      '27.535 client_connected clientId=win-1 clientType=device',
      '27.535 http_request method=WEBSOCKET route=/ws code=101',
      '28.100 log_line level=info',
      '28.100 client_connected clientId=linux-7 clientType=device platform=linux',
      '29.000 log_line level=info',
      '29.000 client_connected clientId=demo@win-1 clientType=constellation',
      '29.500 log_line level=debug',
      '29.500 http_request method=GET route=/api/health code=200',
      '29.500 http_request method=GET route=/api/clients code=401',
      '29.500 http_request method=POST route=/api/dispatch code=404',
      '29.500 http_request method=GET route=/api/task_result/{name} code=200',
      '29.500 http_request method=GET route=other code=404',
      '30.000 log_line level=info',
      '30.000 session_started sessionId=s-1 clientId=win-1 platform=windows',
      '30.010 log_line level=info',
      '42.250 log_line level=info',
      '42.250 session_duration sessionId=s-1 seconds=12.24',
      '42.251 log_line level=info',
      '42.251 session_finished sessionId=s-1 status=completed reason=none',
      '43.000 log_line level=info',
      '43.000 session_started sessionId=s-2 clientId=demo@win-1 platform=linux',
      '44.000 log_line level=error',
      // the traceback lines produce nothing; the failure is emitted with the `completed … FAILED` line, at the error's time
      '44.001 log_line level=info',
      '44.000 session_finished sessionId=s-2 status=failed reason=none',
      '45.000 log_line level=info',
      '45.000 session_started sessionId=s-3 platform=windows',
      '46.000 log_line level=info',
      '46.001 log_line level=info',
      '46.000 session_finished sessionId=s-3 status=failed reason=none',
      '47.000 log_line level=info',
      '47.000 session_started sessionId=s-4 clientId=win-1 platform=windows',
      '48.000 log_line level=warning',
      '48.000 client_disconnected clientId=win-1 reason=connection_lost',
      // "cancelling 3 active session(s)": the stale number is ignored
      '48.001 log_line level=info',
      '48.002 log_line level=info',
      '48.002 session_finished sessionId=s-4 status=cancelled reason=device_disconnected',
      // `was cancelled` and `completed with status TaskStatus.FAILED` of s-4: already finished
      '48.003 log_line level=warning',
      '48.004 log_line level=info',
      '48.005 log_line level=warning',
      // the plain `[WS] win-1 disconnected` after the coded one: same disconnect
      '48.006 log_line level=info',
      '49.000 log_line level=warning',
      '49.000 registration_rejected reason=duplicate_client_id',
      // its `Error with client None` companion is not a second rejection
      '49.001 log_line level=error',
      '50.000 log_line level=warning',
      '50.000 registration_rejected reason=constellation_registration_failed',
      '50.001 log_line level=error',
      // an `Error with client None` with no specific rejection before it
      '51.000 log_line level=error',
      '51.000 registration_rejected reason=registration_error',
      '51.000 http_request method=WEBSOCKET route=/ws code=403',
      '52.000 log_line level=warning',
      '52.000 client_disconnected clientId=demo@win-1 reason=going_away',
      '52.001 log_line level=info',
      '53.000 log_line level=warning',
      '53.000 client_disconnected clientId=linux-7 reason=code_4000',
      '53.001 log_line level=info',
      '54.000 log_line level=error',
      // error path: a plain disconnect with no coded line before it
      '54.001 log_line level=info',
      '54.001 client_disconnected clientId=mac-2 reason=unknown',
      '55.000 log_line level=info',
      '55.000 session_started sessionId=s-5 clientId=demo@win-1 platform=windows',
      '56.000 log_line level=info',
      '56.001 log_line level=warning',
      '56.001 session_finished sessionId=s-5 status=cancelled reason=constellation_disconnected',
      '56.002 log_line level=info',
      '57.000 log_line level=critical',
    ]);
  });

  it('reports nothing as malformed (tracebacks, banners and uvicorn chatter are not errors)', () => {
    expect(parsed.malformed).toEqual([]);
  });

  it('never lets the API key from the WebSocket URL into an event', () => {
    expect(JSON.stringify(parsed.events)).not.toContain('SECRET');
    expect(JSON.stringify(parsed.events)).not.toContain('wrong-guess');
  });

  it('tags every event with source log', () => {
    expect(new Set(parsed.events.map((e) => e.source))).toEqual(new Set(['log']));
  });
});

describe('log parser: session failures', () => {
  it('lets an `execution took` written between the error and `completed with status` arrive before the finish', () => {
    const lines = [
      '2026-11-21 04:28:00,000 - SessionFactory - INFO - Created new windows session: s-9 (type: ServiceSession, owner: \'win-1\')',
      '2026-11-21 04:28:10,000 - SessionManager - ERROR - [SessionManager] ❌ Error in session s-9: TimeoutError: late',
      '2026-11-21 04:28:10,001 - SessionManager - INFO - [SessionManager] ⏱️ Session s-9 execution took 9.50s',
      '2026-11-21 04:28:10,002 - SessionManager - INFO - [SessionManager] ✅ Session s-9 completed with status TaskStatus.FAILED',
    ];
    const parsed = parseText(lines.join('\n'));
    expect(parsed.events.filter((e) => e.type !== 'log_line').map((e) => render(e, CURRENT_BASE))).toEqual([
      '0.000 session_started sessionId=s-9 clientId=win-1 platform=windows',
      '10.001 session_duration sessionId=s-9 seconds=9.5',
      '10.000 session_finished sessionId=s-9 status=failed reason=none',
    ]);
  });
});

describe('log parser: the older documented format', () => {
  it('emits exactly this event sequence', () => {
    const parsed = parseFixture('legacy-format.txt');
    expect(parsed.events.map((e) => render(e, local(2026, 11, 21, 5, 0, 0)))).toEqual([
      '0.000 log_line level=info',
      '1.000 log_line level=info',
      '1.000 client_connected clientId=win-1 clientType=device',
      '1.500 log_line level=info',
      '1.500 client_connected clientId=demo@win-1 clientType=constellation',
      '2.000 log_line level=info',
      '2.000 session_started sessionId=s-10',
      '3.000 log_line level=info',
      '3.000 session_finished sessionId=s-10 status=completed reason=none',
      '4.000 log_line level=info',
      '4.000 session_started sessionId=s-11',
      '5.000 log_line level=warning',
      '5.000 session_finished sessionId=s-11 status=cancelled reason=device_disconnected',
      '5.500 log_line level=error',
      '6.000 log_line level=info',
      '6.000 client_disconnected clientId=win-1 reason=unknown',
    ]);
    expect(parsed.malformed).toEqual([]);
  });
});

describe('log parser: JSON lines', () => {
  it('emits exactly this event sequence (uvicorn records are access lines, not log messages)', () => {
    const parsed = parseFixture('json-lines.txt');
    expect(parsed.events.map((e) => render(e, Date.UTC(2026, 10, 21, 4, 28, 0) / 1000))).toEqual([
      '27.535 log_line level=info',
      '27.535 client_connected clientId=win-1 clientType=device',
      '28.000 http_request method=GET route=/api/health code=200',
      '29.000 log_line level=info',
      '29.000 session_started sessionId=s-1 clientId=win-1 platform=windows',
      '30.000 log_line level=error',
      '31.000 log_line level=warning',
      '31.000 client_disconnected clientId=win-1 reason=normal',
      '31.001 log_line level=info',
      '31.001 log_line level=debug',
      // an error line with no `completed with status` after it: the failure is emitted at the end of the data
      '30.000 session_finished sessionId=s-1 status=failed reason=none',
    ]);
    expect(parsed.malformed).toEqual([]);
  });

  it('treats uvicorn records in the Python format as access lines too (not log messages)', () => {
    const parsed = parseText('2026-11-21 04:28:27,535 - uvicorn.access - INFO - 127.0.0.1:5 - "GET /api/clients?x=1 HTTP/1.1" 200');
    expect(parsed.events.map((e) => render(e, CURRENT_BASE))).toEqual(['27.535 http_request method=GET route=/api/clients code=200']);
  });

  it('reads timestamps as ISO 8601, Python asctime (local) or Unix seconds/milliseconds', () => {
    const parsed = parseText(
      [
        '{"timestamp": "2026-11-21 04:28:27,535", "level": "INFO", "message": "a"}',
        '{"timestamp": 1700000000.5, "level": "INFO", "message": "b"}',
        '{"timestamp": 1700000000500, "level": "INFO", "message": "c"}',
        '{"timestamp": "2026-11-21T04:28:27", "level": "INFO", "message": "d"}',
      ].join('\n'),
    );
    expect(parsed.events.map((e) => e.at)).toEqual([
      local(2026, 11, 21, 4, 28, 27, 535),
      1700000000.5,
      1700000000.5,
      local(2026, 11, 21, 4, 28, 27),
    ]);
  });
});

describe('log parser: malformed lines are counted, never thrown', () => {
  it('names each problem with a bounded kind and the line it is on', () => {
    const parsed = parseFixture('malformed.txt');
    expect(parsed.events).toEqual([]);
    expect(parsed.malformed.map((m) => `${m.line} ${m.kind}`)).toEqual([
      '1 malformed_line',
      '2 bad_level',
      '3 bad_timestamp',
      '4 bad_json',
      '5 malformed_json_record',
      '6 malformed_access_line',
    ]);
  });

  it('does not quote the line in the problem description (it may hold the API key)', () => {
    const parsed = parseText('INFO:     1.2.3.4:5 - "GET /ws?token=TOPSECRET HTTP/1.1 200');
    expect(parsed.malformed).toHaveLength(1);
    expect(JSON.stringify(parsed.malformed)).not.toContain('TOPSECRET');
  });

  it('does not treat Python exception lines that look like `Level: text` as uvicorn lines', () => {
    expect(parseText('KeyError: \'x\'\nValueError: bad\nINFO: no padding').events).toEqual([]);
  });
});

describe('label helpers', () => {
  it('normalises routes: no ids, no query strings, unknown paths → other', () => {
    expect(normaliseRoute('/api/task_result/abc-123')).toBe('/api/task_result/{name}');
    expect(normaliseRoute('/api/task_result/abc/extra')).toBe('other');
    expect(normaliseRoute('/api/task_result/')).toBe('other');
    expect(normaliseRoute('/ws?token=k')).toBe('/ws');
    expect(normaliseRoute('/api/health/')).toBe('/api/health');
    expect(normaliseRoute('/api/health#frag')).toBe('/api/health');
    expect(normaliseRoute('/')).toBe('/');
    expect(normaliseRoute('/.env')).toBe('other');
    expect(normaliseRoute('')).toBe('other');
  });

  it('keeps known methods, folds the rest into OTHER', () => {
    expect(normaliseMethod('GET')).toBe('GET');
    expect(normaliseMethod('post')).toBe('POST');
    expect(normaliseMethod('BREW')).toBe('OTHER');
  });

  it('names close codes', () => {
    expect([1000, 1001, 1006, 4000, 999, 5000, 1000.5].map(disconnectReason)).toEqual([
      'normal',
      'going_away',
      'connection_lost',
      'code_4000',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});

describe('log parser: disconnect pairing', () => {
  it('does not swallow a later plain disconnect when a reconnect came between', () => {
    const at = (s: number): string => `2026-11-21 04:28:${String(s).padStart(2, '0')},000 - UFOWebSocketHandler - INFO - `;
    const parsed = parseText(
      [
        `${at(1)}[WS] 📱 Device client win-1 connected`,
        `${at(2)}[WS] win-1 disconnected - code=1006, reason=`,
        // (its plain companion line never written, e.g. the server crashed here)
        `${at(3)}[WS] 📱 Device client win-1 connected`,
        `${at(4)}[WS] Error with client win-1: reset`,
        `${at(5)}[WS] win-1 disconnected`,
      ].join('\n'),
    );
    expect(parsed.events.filter((e) => e.type === 'client_disconnected').map((e) => render(e, CURRENT_BASE))).toEqual([
      '2.000 client_disconnected clientId=win-1 reason=connection_lost',
      '5.000 client_disconnected clientId=win-1 reason=unknown',
    ]);
  });
});

describe('log parser: messages without their emoji', () => {
  it('still recognises connects and legacy registrations', () => {
    const at = '2026-11-21 04:28:01,000 - UFOWebSocketHandler - INFO - ';
    const parsed = parseText([`${at}[WS] Device client d-1 connected`, `${at}[WS] Registered device client: d-2`, `${at}[WS] Removed client: d-2`].join('\n'));
    expect(parsed.events.filter((e) => e.type !== 'log_line').map((e) => render(e, CURRENT_BASE))).toEqual([
      '1.000 client_connected clientId=d-1 clientType=device',
      '1.000 client_connected clientId=d-2 clientType=device',
      '1.000 client_disconnected clientId=d-2 reason=unknown',
    ]);
  });
});
