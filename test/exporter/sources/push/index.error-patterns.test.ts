/**
 * Pushed log records count by pattern like the log's: a warning-or-worse `log_line` with a message
 * (and optionally its traceback in `exc_info`) through the real socket → `log_error` events → the
 * same `ufo_log_errors_total` label sets the log file gives; one pushed event is still one accepted.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../exporter/logging';
import { CatalogueRenderer } from '../../../../exporter/metrics/renderer';
import { createStateSink } from '../../../../exporter/sink';
import { FleetState } from '../../../../exporter/state';
import { parseMetrics } from '../../../../scripts/stack/metrics-text';
import { useConnectedRig } from '../../../helpers/event-socket';

describe('pushed error records', () => {
  const state = new FleetState();
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 10 });
  const { pusher } = useConnectedRig(sink);

  it('counts them by pattern, once each, with the traceback\'s exception type', async () => {
    const session = (id: string) => ({
      type: 'log_line',
      level: 'error',
      logger: 'ufo.server.services.session_manager',
      message: `[SessionManager] ❌ Error in session ${id}: 'NoneType' object is not iterable`,
      exc_info: 'Traceback (most recent call last):\n  File "/app/x.py", line 1, in run\nTypeError: \'NoneType\' object is not iterable',
    });
    const batch = [
      session('fx-sess-fail-1'),
      session('fx-sess-fail-2'),
      { type: 'log_line', level: 'error', logger: 'ufo.server.app', message: 'Client win-9 not online' },
      { type: 'log_line', level: 'warning', message: 'retrying with token=letmein42' },
      { type: 'log_line', level: 'info', message: 'Client win-9 connected' },
      { type: 'log_line', level: 'error' },
    ];
    expect(await pusher().request(JSON.stringify(batch))).toEqual({ type: 'ack', accepted: batch.length });

    const metrics = parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 10 }).render());
    expect(Object.fromEntries(metrics.series('ufo_log_errors_total'))).toEqual({
      'level=error,logger=ufo.server.services.session_manager,pattern=[SessionManager] ❌ Error in session <id>: <str> object is not iterable [TypeError]': 2,
      'level=error,logger=ufo.server.app,pattern=Client <id> not online': 1,
      'level=warning,logger=unknown,pattern=retrying with token=<secret>': 1,
    });
    expect(metrics.valueOrZero('ufo_log_messages_total', { level: 'error' })).toBe(4);
    expect(state.log.errorPatterns.recent(10).map((p) => p.example)).not.toContain(expect.stringContaining('letmein42'));
  });

  it('refuses a logger name longer than the schema allows, naming the field', async () => {
    const reply = await pusher().request(JSON.stringify({ type: 'log_line', level: 'error', logger: 'x'.repeat(129), message: 'boom' }));
    expect(reply).toMatchObject({ type: 'error', kind: 'invalid_event', field: '/logger' });
  });
});
