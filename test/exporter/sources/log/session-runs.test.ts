/**
 * SessionRuns reuses the previous line's entry when a line names the same session id (no map lookup):
 * for any sequence of session lines — ids repeated back to back or interleaved, reruns, failures,
 * cancellations, durations, a bound small enough to forget ids — it emits exactly the events it emits
 * when every line's id is looked up in the map (`reuseLast: false`, the behaviour before).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { SessionRuns, type EventOut } from '../../../../exporter/sources/log/session-runs';

/** Ids of the real length (an id shorter than 13 characters is not copied by `detached`) and a short one. */
const IDS = ['3e6b8755-5ade-4397-ab96-f3602015c876', 'b75b4941-d61f-40c9-89e3-d3f760606760', 'c313bcfd-e3b8-4d30-bee3-20faa1abc0d3', 'sess-1', 'b75b4941-d61f-40c9-89e3-d3f760606761'];

type Line = (runs: SessionRuns, at: number, out: EventOut) => void;

/** A fresh string of the id each time, as a line's slice is. */
const fresh = (id: string): string => `x${id}`.slice(1);

const line: fc.Arbitrary<Line> = fc.tuple(fc.constantFrom(...IDS), fc.integer({ min: 0, max: 9 }), fc.constantFrom('alice', 'win-3', 'None')).map(([id, kind, name]) => {
  const sid = (): string => fresh(id);
  switch (kind) {
    case 0:
      return (r) => r.prepared(`Prepared task: session_id=${sid()}, task_name=t, client_type=ClientType.DEVICE, target_device=${name}`);
    case 1:
      return (r, at, out) => r.created(`Created new windows session: ${sid()} (type: ServiceSession, owner: '${name}')`, at, out);
    case 2:
      return (r, at, out) => r.sessionManager(`Started background task ${sid()}`, at, out);
    case 3:
      return (r, at, out) => r.sessionManager(`Session ${sid()} execution took 2.10s`, at, out);
    case 4:
      return (r, at, out) => r.sessionManager(`Session ${sid()} completed with status TaskStatus.${name === 'None' ? 'FAILED' : 'COMPLETED'}`, at, out);
    case 5:
      return (r, at, out) => r.sessionManager(`Session ${sid()} was cancelled (reason: ${name})`, at, out);
    case 6:
      return (r, at, out) => r.sessionManager(`Error in session ${sid()}: TimeoutError: late`, at, out);
    case 7:
      return (r, at, out) => r.sessionManager(`Session ${sid()} ended with error`, at, out);
    case 8:
      return (r, at, out) => r.sessionManager(`Cancelling session ${sid()} (reason: ${name})`, at, out);
    default:
      return (r, _at, out) => r.flushPending(out);
  }
});

/** Each line once or repeated back to back (a session's lines mostly follow each other). */
const lines = fc.array(fc.tuple(line, fc.integer({ min: 1, max: 3 })), { maxLength: 60 }).map((runs) => runs.flatMap(([l, n]) => Array<Line>(n).fill(l)));

function eventsOf(runs: SessionRuns, sequence: readonly Line[]): FleetEvent[] {
  const events: FleetEvent[] = [];
  const out: EventOut = { emit: (event) => void events.push(event) };
  sequence.forEach((l, i) => l(runs, i, out));
  runs.flushPending(out);
  return events;
}

describe('SessionRuns: the previous line entry', () => {
  it('emits the events of a lookup per line, for any lines and bound', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 6 }), (sequence, remembered) => {
        expect(eventsOf(new SessionRuns(remembered), sequence)).toEqual(eventsOf(new SessionRuns(remembered, false), sequence));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a rerun after a finish and ignores a duplicate finish when the lines follow each other', () => {
    const id = IDS[0]!;
    const events = eventsOf(new SessionRuns(), [
      (r, at, out) => r.created(`Created new windows session: ${fresh(id)} (type: ServiceSession, owner: 'win-3')`, at, out),
      (r, at, out) => r.sessionManager(`Session ${fresh(id)} was cancelled (reason: user)`, at, out),
      (r, at, out) => r.sessionManager(`Session ${fresh(id)} completed with status TaskStatus.FAILED`, at, out),
      (r, at, out) => r.sessionManager(`Started background task ${fresh(id)}`, at, out),
    ]);
    expect(events.map((e) => e.type)).toEqual(['session_started', 'session_finished', 'session_started']);
  });
});
