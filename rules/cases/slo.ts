import type { RulesConfig } from '../config';
import { num, percent } from '../builder';
import { recording, SLO_WINDOWS, type SloName } from '../recording-names';
import type { ExprCheck, UnitTestCase } from '../unit-tests';
import { labelSet, testTarget } from './target';

/** The promtool cases of slo.ts for a rules config: the series carry its job, the texts quote its values. */
export function sloCases(config: RulesConfig): UnitTestCase[] {
  const { TARGET, input, targetLabels } = testTarget(config);
  /** The burn rate of an error ratio, computed as the recording rule does (divided by the budget as PromQL shows it). */
  const burnRate = (slo: SloName, errorRatio: number) => errorRatio / Number(num(1 - config.slos[slo].objective));
  /** A burn rate as `{{ $value | humanize }}` prints one of 1 or more (4 significant digits). */
  const humanized = (value: number) => String(Number(value.toPrecision(4)));

  /**
   * Expression tests for every SLO recording rule of one SLO. The inputs keep the error ratio
   * constant from the first sample, so every window (5m … 30d) reads the same value.
   */
  function sloExprChecks(slo: SloName, at: ExprCheck['at'], errorRatio: number): ExprCheck[] {
    const burn = burnRate(slo, errorRatio);
    const sample = (name: string, value: number, labels: Record<string, string> = { ...TARGET, slo }) => ({
      expr: `${name}{slo="${slo}"}`,
      at,
      samples: [{ labels: `${name}${labelSet(labels)}`, value }],
    });
    return [
      ...SLO_WINDOWS.map((w) => sample(recording.sloErrorRatio(w), errorRatio)),
      ...SLO_WINDOWS.map((w) => sample(recording.sloBurnRate(w), burn)),
      sample(recording.sloErrorBudgetRemaining, 1 - burn),
      sample(recording.sloObjective, config.slos[slo].objective, { slo }),
    ];
  }

  const burnDescription = (slo: SloName) => (burn: string, how: string) =>
    `The ${slo} SLO (${percent(config.slos[slo].objective)} over ${config.sloPeriod}; ${config.slos[slo].description}) of the UFO server behind ufo-exporter:9477 burns its error budget ${burn}× faster than sustainable (${how}).`;
  const apiDescription = burnDescription('api_availability');
  const sessionDescription = burnDescription('session_success');
  /** `page: 14.4× over 1h and 5m, or …`: the windows of the burn-rate alert of a severity. */
  const burnWindows = (severity: 'critical' | 'warning') =>
    `${severity === 'critical' ? 'page' : 'ticket'}: ${(config.burnRateAlerts.find((b) => b.severity === severity)?.pairs ?? []).map((p) => `${p.factor}× over ${p.long} and ${p.short}`).join(', or ')}`;
  const PAGE = burnWindows('critical');
  const TICKET = burnWindows('warning');
  const finished = (status: string, values: string) => input('ufo_sessions_finished_total', { status, reason: 'none' }, values);

  /** `ufo_up` at 15s scrapes failing in 30-second stretches: half the probes fail, never for UfoServerDown's whole `for`. */
  const flapping = (samples: number) => Array.from({ length: samples }, (_, i) => (i % 4 < 2 ? '1' : '0')).join(' ');

  return [
    {
      name: 'api_availability: half the probes failing in 30s stretches (UfoServerDown never fires) pages after 2m and opens a ticket after 15m',
      interval: '15s',
      input: [input('ufo_up', {}, `1x239 ${flapping(160)}`)],
      alerts: [
        { alertname: 'UfoServerDown', at: '80m', expect: [] },
        { alertname: 'UfoApiAvailabilityBudgetBurn', at: '61m', expect: [] },
        { alertname: 'UfoApiAvailabilityBudgetBurn', at: '70m', expect: [{ labels: targetLabels({ severity: 'critical', slo: 'api_availability' }), description: apiDescription('82.99', PAGE) }] },
        {
          alertname: 'UfoApiAvailabilityBudgetBurn',
          at: '80m',
          expect: [
            { labels: targetLabels({ severity: 'critical', slo: 'api_availability' }), description: apiDescription('166', PAGE) },
            { labels: targetLabels({ severity: 'warning', slo: 'api_availability' }), description: apiDescription('124.6', TICKET) },
          ],
        },
      ],
    },
    {
      name: 'api_availability: every probe failing from the start pages once, as UfoServerDown; the burn alerts stay quiet',
      interval: '1m',
      input: [input('ufo_up', {}, '0x30')],
      alerts: [
        { alertname: 'UfoApiAvailabilityBudgetBurn', at: '10m', expect: [] },
        { alertname: 'UfoApiAvailabilityBudgetBurn', at: '20m', expect: [] },
      ],
      exprs: sloExprChecks('api_availability', '20m', 1),
    },
    {
      name: "api_availability: the exporter's first probe fails (it started before the server): no burn alert (volume guard)",
      interval: '15s',
      input: [input('ufo_up', {}, '0 1x80')],
      alerts: (['3m', '4m', '5m', '6m', '10m', '15m'] as const).map((at) => ({ alertname: 'UfoApiAvailabilityBudgetBurn', at, expect: [] })),
    },
    {
      name: 'api_availability: all probes succeeding burns nothing',
      interval: '1m',
      input: [input('ufo_up', {}, '1x30')],
      alerts: [{ alertname: 'UfoApiAvailabilityBudgetBurn', at: '20m', expect: [] }],
      exprs: sloExprChecks('api_availability', '20m', 0),
    },
    {
      name: 'session_success: 10% failed burns 5× — a ticket, no page',
      interval: '1m',
      input: [finished('completed', '0+9x40'), finished('failed', '0+1x40')],
      alerts: [
        { alertname: 'UfoSessionSuccessBudgetBurn', at: '10m', expect: [] },
        { alertname: 'UfoSessionSuccessBudgetBurn', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning', slo: 'session_success' }), description: sessionDescription(humanized(burnRate('session_success', 0.1)), TICKET) }] },
      ],
    },
    {
      name: 'session_success: 25% failed (and 50% cancelled) burns 12.5× — a ticket only: UfoHighSessionFailureRate is the page for failing sessions',
      interval: '1m',
      input: [finished('completed', '0+1x40'), finished('failed', '0+1x40'), finished('cancelled', '0+2x40')],
      alerts: [
        { alertname: 'UfoSessionSuccessBudgetBurn', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning', slo: 'session_success' }), description: sessionDescription(humanized(burnRate('session_success', 0.25)), TICKET) }] },
      ],
      exprs: sloExprChecks('session_success', '20m', 0.25),
    },
  ];
}
