import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
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
});
