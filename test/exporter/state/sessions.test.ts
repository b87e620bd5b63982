import { describe, expect, it } from 'vitest';
import { SessionTracker } from '../../../exporter/state/sessions';

/** A tracker on a hand-moved clock, with a 60 s orphan grace. */
function rig() {
  let now = 0;
  const tracker = new SessionTracker({
    finishedMemory: 100,
    maxActive: 100,
    orphanGraceSeconds: 60,
    onFinished: () => {},
    onStarted: () => {},
    onOverflow: () => {},
    now: () => now,
  });
  return { tracker, setNow: (t: number) => void (now = t) };
}

describe('SessionTracker reads', () => {
  it('running() forgets orphans past their grace itself, at most once a second', () => {
    const { tracker, setNow } = rig();
    tracker.start({ sessionId: 's1', at: 0, ownerId: 'win-1', deviceId: 'win-1' });
    tracker.start({ sessionId: 's2', at: 0, ownerId: 'win-2', deviceId: 'win-2' });
    setNow(10);
    tracker.clientDisconnected('win-1', 10);
    expect(tracker.running().map((s) => s.sessionId)).toEqual(['s1', 's2']); // swept at t=10: within the grace

    setNow(10.5);
    tracker.clientDisconnected('win-2', 10.5);
    setNow(70.2); // s1 is past its grace (60.2 s), s2 is not (59.7 s)
    expect(tracker.running().map((s) => s.sessionId)).toEqual(['s2']);
    expect(tracker.forgotten).toBe(1);

    setNow(71); // s2 is past its grace now, but the last sweep was 0.8 s ago
    expect(tracker.running().map((s) => s.sessionId)).toEqual(['s2']);
    setNow(71.3);
    expect(tracker.running()).toEqual([]);
    expect(tracker.forgotten).toBe(2);
  });

  it('oldestActiveAge() reads the tracker clock unless given a time, and is 0 when nothing runs', () => {
    const { tracker, setNow } = rig();
    expect(tracker.oldestActiveAge()).toBe(0);
    tracker.start({ sessionId: 's1', at: 5 });
    tracker.start({ sessionId: 's2', at: 8 });
    setNow(20);
    expect(tracker.oldestActiveAge()).toBe(15);
    expect(tracker.oldestActiveAge(30)).toBe(25);
    expect(tracker.oldestActiveAge(1)).toBe(0); // a clock behind the start is not a negative age
  });
});
