/**
 * The log source and the fleet state sharing one session-id map (SourceSink.sessionIds) change nothing they
 * say: for any run of session lines (the real shapes over a few ids, in any order, duplicates and reruns
 * included), pushed session events between them and any finished-memory bound, a state whose log parser
 * shares its map ends exactly as one whose parser keeps its own — the same starts, finishes, durations,
 * running sessions and `session_memory` overflows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { createStateSink } from '../../exporter/sink';
import { SinkOutput } from '../../exporter/sources/log/numbered-lines';
import { LogParser } from '../../exporter/sources/log/parser';
import { FleetState } from '../../exporter/state';

const IDS = ['b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3c', 'b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3d', 's-1', 'x?token=K'];
const record = (level: string, logger: string, message: string): string => `2026-12-02 03:11:12,501 - ${logger} - ${level} - ${message}`;
const LINES = (id: string): string[] => [
  record('INFO', 'UFOWebSocketHandler', `[WS] 🎯 Prepared task: session_id=${id}, task_name=t, client_type=ClientType.CONSTELLATION, target_device=win-2`),
  record('INFO', 'SessionFactory', `Created new windows session: ${id} (type: ServiceSession, owner: 'win-1')`),
  record('INFO', 'SessionManager', `[SessionManager] 🚀 Started background task ${id}`),
  record('INFO', 'SessionManager', `[SessionManager] ⏱️ Session ${id} execution took 12.25s`),
  record('INFO', 'SessionManager', `[SessionManager] ✅ Session ${id} completed with status TaskStatus.COMPLETED`),
  record('INFO', 'SessionManager', `[SessionManager] ✅ Session ${id} completed with status TaskStatus.FAILED`),
  record('INFO', 'SessionManager', `[SessionManager] ⚠️ Session ${id} was cancelled (reason: device_disconnected)`),
  record('ERROR', 'SessionManager', `[SessionManager] ❌ Error in session ${id}: boom`),
];

type Step = { line: string } | { pushed: FleetEvent };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...IDS.flatMap(LINES)).map((line) => ({ line })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...IDS), fc.boolean()).map(([sessionId, start]) => ({
      pushed: start
        ? ({ source: 'push', at: 1, type: 'session_started', sessionId } as const)
        : ({ source: 'push', at: 2, type: 'session_finished', sessionId, status: 'completed' } as const),
    })),
  },
);

/** Feeds the steps to a fresh state; `share`: the parser gets the sink's session-id map. */
function run(steps: readonly Step[], finishedMemory: number, share: boolean): unknown {
  const state = new FleetState({ finishedSessionMemory: finishedMemory, now: () => 100 });
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 100 });
  expect(sink.sessionIds).toBe(state.sessionIds);
  const parser = new LogParser(new SinkOutput(sink, () => undefined), () => 100, undefined, share ? sink.sessionIds : undefined);
  for (const s of steps) {
    if ('pushed' in s) sink.emit(s.pushed);
    else {
      const bytes = Buffer.from(s.line);
      parser.parseBytes(bytes, 0, bytes.length);
    }
  }
  parser.endOfData();
  const sessions = state.sessions;
  return {
    started: sessions.started,
    forgotten: sessions.forgotten,
    finished: sessions.finished.entries(),
    durations: sessions.durations.entries(),
    running: sessions.running().sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
    memoryOverflows: state.bounds.overflowEntries().find((e) => e.labels.bound === 'session_memory')?.value ?? 0,
  };
}

describe('session-ids: the log source sharing the state’s map', () => {
  it('for any session lines, pushed events and finished-memory bound, the state ends as with separate maps (property)', () => {
    let evicting = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (steps, finishedMemory) => {
        const shared = run(steps, finishedMemory, true) as { memoryOverflows: number };
        expect(shared).toEqual(run(steps, finishedMemory, false));
        if (shared.memoryOverflows > 0) evicting++;
      }),
      { numRuns: 1_000 },
    );
    // The bound must actually be crossed in many runs, or the shared evictions go untested.
    expect(evicting).toBeGreaterThan(100);
  });

  it('a second parser offered the same map keeps its own runs (the runs role goes to one source)', () => {
    const state = new FleetState({ now: () => 100 });
    const sink = createStateSink({ state, logger: silentLogger, maxSeries: 100 });
    const first = new LogParser(new SinkOutput(sink, () => undefined), () => 100, undefined, sink.sessionIds);
    const heard: FleetEvent[] = [];
    const recording = { emit: (e: FleetEvent) => void heard.push(e), reportError: () => undefined, linesRead: () => undefined };
    const second = new LogParser(new SinkOutput(recording, () => undefined), () => 100, undefined, sink.sessionIds);
    const created = Buffer.from(LINES('s-9')[1]!);
    first.parseBytes(created, 0, created.length);
    // The second never saw s-9 created: with runs of its own, its background line starts it (shared runs would say "running").
    const background = Buffer.from(LINES('s-9')[2]!);
    second.parseBytes(background, 0, background.length);
    expect(heard.filter((e) => e.type === 'session_started').map((e) => (e as { sessionId: string }).sessionId)).toEqual(['s-9']);
    expect(state.sessions.started).toBe(1);
  });
});
