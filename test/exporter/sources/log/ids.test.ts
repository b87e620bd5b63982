import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { stripQuery } from '../../../../exporter/sources/log/http-labels';
import { detached, scrubIds } from '../../../../exporter/sources/log/ids';

describe('detached', () => {
  it('is the same text as the capture it copies, emoji and spaces included', () => {
    const line = '2026-11-21 04:28:27,535 - UFOWebSocketHandler - INFO - [WS] 📱 Device client dev 1 é connected';
    const id = /Device client (.+) connected/.exec(line)![1]!;
    expect(detached(id)).toBe('dev 1 é');
    expect(detached('')).toBe('');
    expect(detached('🚀')).toBe('🚀');
  });
});

describe('scrubIds', () => {
  it('cuts a query string from a session id and drops an event whose id is only a query', () => {
    const event: FleetEvent = { source: 'log', at: 1, type: 'session_duration', sessionId: 's1?token=secret', seconds: 2 };
    expect(scrubIds(event)).toEqual({ ...event, sessionId: 's1' });
    expect(scrubIds({ ...event, sessionId: '?token=secret' })).toBeUndefined();
  });

  it('scrubs the ids of every event type as the keyed definition over clientId and sessionId does', () => {
    const id = fc.constantFrom('win-1', 's-1', 's?token=k', '?token=k', 'a#b', '#', '', 'x?');
    const opt = fc.option(id, { nil: undefined });
    const base = { source: 'log', at: 1 } as const;
    const event: fc.Arbitrary<FleetEvent> = fc.oneof(
      fc.tuple(id, opt, opt).map(([sessionId, clientId, deviceId]) => ({ ...base, type: 'session_started' as const, sessionId, clientId, deviceId })),
      id.map((sessionId) => ({ ...base, type: 'session_duration' as const, sessionId, seconds: 1 })),
      id.map((sessionId) => ({ ...base, type: 'session_finished' as const, sessionId, status: 'failed' as const, reason: 'a?b' })),
      id.map((clientId) => ({ ...base, type: 'client_connected' as const, clientId })),
      id.map((clientId) => ({ ...base, type: 'client_disconnected' as const, clientId, reason: 'x#y' })),
      id.map((route) => ({ ...base, type: 'http_request' as const, method: 'GET', route, code: 200 })),
      id.map((reason) => ({ ...base, type: 'registration_rejected' as const, reason })),
      id.map((level) => ({ ...base, type: 'log_line' as const, level })),
    );
    /** The definition: every `clientId` and `sessionId` field, whatever the type. */
    const keyed = (e: FleetEvent): FleetEvent | undefined => {
      const copy: Record<string, unknown> = { ...e };
      for (const key of ['clientId', 'sessionId']) {
        const value = copy[key];
        if (typeof value !== 'string' || !(value.includes('?') || value.includes('#'))) continue;
        if (stripQuery(value) === '') return undefined;
        copy[key] = stripQuery(value);
      }
      return copy as unknown as FleetEvent;
    };
    fc.assert(
      fc.property(event, (e) => {
        const got = scrubIds(e);
        expect(got).toEqual(keyed(e));
        if (got !== undefined && JSON.stringify(got) === JSON.stringify(e)) expect(got).toBe(e); // unchanged: the same object
      }),
      { numRuns: 2_000 },
    );
  });
});
