/**
 * The label bound checks each event's label fields by its type (label-bounds.ts): for events of every
 * type, with any of their fields short or over the bound, the result is the keyed check's over the
 * seven label field names — the same event when none is too long, else a copy with each long one
 * shortened and counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../exporter/events';
import { boundEventLabels, boundLabel, MAX_LABEL_CHARS } from '../../exporter/label-bounds';

const LABEL_FIELDS = ['clientId', 'sessionId', 'platform', 'reason', 'method', 'route', 'level'];
const text = fc.oneof(fc.constantFrom('win-1', 'info', '', 's-1'), fc.integer({ min: MAX_LABEL_CHARS - 1, max: MAX_LABEL_CHARS + 2 }).map((n) => 'x'.repeat(n)));
const opt = fc.option(text, { nil: undefined });
const base = { source: 'log', at: 1 } as const;
/** Events of every type (a snapshot has its own path), optional fields present or not. */
const event: fc.Arbitrary<FleetEvent> = fc.oneof(
  fc.record({ level: text }).map((f) => ({ ...base, type: 'log_line' as const, ...f })),
  fc.tuple(text, text).map(([level, pattern]) => ({ ...base, type: 'log_error' as const, level: level as 'error', logger: 'x', pattern, example: pattern })),
  fc.record({ method: text, route: text }).map((f) => ({ ...base, type: 'http_request' as const, code: 200, ...f })),
  fc.tuple(text, opt, opt, opt).map(([sessionId, clientId, deviceId, platform]) => ({ ...base, type: 'session_started' as const, sessionId, clientId, deviceId, platform })),
  fc.record({ sessionId: text }).map((f) => ({ ...base, type: 'session_duration' as const, seconds: 1, ...f })),
  fc.tuple(text, opt).map(([sessionId, reason]) => ({ ...base, type: 'session_finished' as const, status: 'completed' as const, sessionId, reason })),
  fc.tuple(text, opt).map(([clientId, platform]) => ({ ...base, type: 'client_connected' as const, clientId, platform })),
  fc.tuple(text, opt).map(([clientId, reason]) => ({ ...base, type: 'client_disconnected' as const, clientId, reason })),
  fc.record({ reason: text }).map((f) => ({ ...base, type: 'registration_rejected' as const, ...f })),
  fc.option(text, { nil: undefined }).map((error) => ({ ...base, type: 'upstream_status' as const, up: false, error })),
);

describe('boundEventLabels', () => {
  it('bounds every label field of every event type, as the keyed check over all label field names does', () => {
    fc.assert(
      fc.property(event, (e) => {
        const fields = e as unknown as Record<string, unknown>;
        const long = LABEL_FIELDS.filter((f) => typeof fields[f] === 'string' && (fields[f] as string).length > MAX_LABEL_CHARS);
        let counted = 0;
        const got = boundEventLabels(e, () => counted++);
        expect(counted).toBe(long.length);
        if (long.length === 0) expect(got).toBe(e);
        else expect(got).toEqual({ ...e, ...Object.fromEntries(long.map((f) => [f, boundLabel(fields[f] as string)])) });
      }),
      { numRuns: 3_000 },
    );
  });
});
