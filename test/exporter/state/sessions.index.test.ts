/**
 * The tracker's index of running sessions by owner and by device (one id per client until a second one
 * runs): for any sequence of starts, finishes and client disconnects, `runningOn` counts the running
 * sessions on the device, and a disconnect orphans exactly the running sessions its client owns or runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionTracker } from '../../../exporter/state/sessions';

const client = fc.constantFrom('win-1', 'win-2', 'task@win-1', undefined);
const session = fc.constantFrom('s1', 's2', 's3', 's4');
const op = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), session, owner: client, device: client }),
  fc.record({ kind: fc.constant('finish' as const), session }),
  fc.record({ kind: fc.constant('disconnect' as const), client: fc.constantFrom('win-1', 'win-2', 'task@win-1') }),
);

const nothing = (): void => undefined;
/** Bounds the sequences never reach, callbacks that only listen. */
const UNBOUNDED_QUIET = { finishedMemory: 100, maxActive: 100, onFinished: nothing, onStarted: nothing, onOverflow: nothing };

describe('SessionTracker: the running sessions by client', () => {
  it('count and orphan exactly the running sessions of a client', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let now = 0;
        const tracker = new SessionTracker({ ...UNBOUNDED_QUIET, orphanGraceSeconds: 0, now: () => now });
        for (const o of ops) {
          now += 2; // past the grace and the sweep's once-a-second: every orphan is forgotten at the next read
          if (o.kind === 'start') tracker.start({ sessionId: o.session, at: now, ownerId: o.owner, deviceId: o.device });
          else if (o.kind === 'finish') tracker.finish({ source: 'log', at: now, type: 'session_finished', sessionId: o.session, status: 'completed' });
          else {
            const before = tracker.running();
            tracker.clientDisconnected(o.client, now);
            now += 2;
            const kept = before.filter((s) => s.ownerId !== o.client && s.deviceId !== o.client).map((s) => s.sessionId);
            expect(tracker.running().map((s) => s.sessionId)).toEqual(kept);
          }
          const running = tracker.running();
          for (const device of ['win-1', 'win-2', 'task@win-1']) expect(tracker.runningOn(device)).toBe(running.filter((s) => s.deviceId === device).length);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
