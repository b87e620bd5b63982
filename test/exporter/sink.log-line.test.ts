/**
 * The state sink's `logLine` counts a record exactly as `emit` of its `log_line` event does: the same
 * metrics (records by level, events by source, a level over the label bound shortened and counted),
 * for any sequence mixed with other events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { FleetState } from '../../exporter/state';

const NOW = 1_800_000_000;
const level = fc.oneof(fc.constantFrom('info', 'warning', 'error', 'critical', 'debug'), fc.constantFrom('x'.repeat(300), 'y'.repeat(257)));
const other = fc.constantFrom<FleetEvent[]>(
  [{ source: 'log', at: NOW, type: 'http_request', method: 'GET', route: '/api/health', code: 200 }],
  [{ source: 'log', at: NOW, type: 'client_connected', clientId: 'win-1', clientType: 'device' }],
  [{ source: 'log', at: NOW, type: 'session_started', sessionId: 's1', clientId: 'win-1' }],
  [{ source: 'log', at: NOW, type: 'session_finished', sessionId: 's1', status: 'completed' }],
  [{ source: 'push', at: NOW, type: 'log_line', level: 'info' }],
);

function rendered(steps: readonly (string | FleetEvent[])[], viaLogLine: boolean): string {
  const state = new FleetState({ now: () => NOW });
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1_000 });
  for (const step of steps) {
    if (typeof step !== 'string') for (const e of step) sink.emit(e);
    else if (viaLogLine) sink.logLine!(step, NOW);
    else sink.emit({ source: 'log', at: NOW, type: 'log_line', level: step });
  }
  return new CatalogueRenderer({ view: state, maxSeries: 1_000, now: () => NOW }).render();
}

describe('StateSink.logLine', () => {
  it('counts as emit of the log_line event does', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(level, other), { minLength: 1, maxLength: 30 }), (steps) => {
        expect(rendered(steps, true)).toBe(rendered(steps, false));
      }),
      { numRuns: 200 },
    );
  });

  it('counts records by level and as events of the log', () => {
    const text = rendered(['info', 'info', 'error'], true);
    expect(text).toMatch(/^ufo_log_messages_total\{level="info"\} 2$/m);
    expect(text).toMatch(/^ufo_exporter_events_total\{source="log"\} 3$/m);
  });
});
