/**
 * The tracker's index of running sessions by owner and by device (one id per client until a second one
 * runs): for any sequence of starts, finishes and client disconnects, `runningOn` counts the running
 * sessions on the device, and a disconnect orphans exactly the running sessions its client owns or runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionIndex, SessionTracker } from '../../../exporter/state/sessions';

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

describe('SessionIndex: idle clients keep their key, within a bound', () => {
  const clients = Array.from({ length: 300 }, (_, i) => `c${i}`);
  const indexOp = fc.oneof(
    fc.record({ add: fc.constant(true), client: fc.constantFrom(...clients), session: fc.constantFrom('s1', 's2', 's3') }),
    fc.record({ add: fc.constant(false), client: fc.constantFrom(...clients), session: fc.constantFrom('s1', 's2', 's3') }),
  );

  it('answers as a map of sets would, and holds at most twice the running clients plus 64', () => {
    fc.assert(
      fc.property(fc.array(indexOp, { maxLength: 600 }), (ops) => {
        const index = new SessionIndex();
        const model = new Map<string, Set<string>>();
        for (const o of ops) {
          const ids = model.get(o.client) ?? new Set<string>();
          if (o.add) {
            index.add(o.client, o.session);
            ids.add(o.session);
          } else {
            index.remove(o.client, o.session);
            ids.delete(o.session);
          }
          if (ids.size > 0) model.set(o.client, ids);
          else model.delete(o.client);
          expect(index.count(o.client)).toBe(ids.size);
          expect([...index.of(o.client)].sort()).toEqual([...ids].sort());
          expect(index.keys).toBeLessThanOrEqual(2 * model.size + 64);
        }
        for (const c of clients) expect(index.count(c)).toBe(model.get(c)?.size ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it('sweeps idle keys: 10,000 clients running one session each in turn leave at most 65 keys', () => {
    const index = new SessionIndex();
    for (let i = 0; i < 10_000; i++) {
      index.add(`c${i}`, `s${i}`);
      index.remove(`c${i}`, `s${i}`);
    }
    expect(index.keys).toBeLessThanOrEqual(65);
    expect(index.count('c9999')).toBe(0);
  });
});
