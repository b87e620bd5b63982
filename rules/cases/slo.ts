import { recording, SLO_WINDOWS, type SloName } from '../recording-names';
import type { ExprCheck, UnitTestCase } from '../unit-tests';
import { input, labelSet, targetLabels, TARGET } from './target';

interface SloValues {
  readonly errorRatio: number;
  readonly burnRate: number;
  readonly budgetRemaining: number;
  readonly objective: number;
}

/**
 * Expression tests for every SLO recording rule of one SLO. The inputs keep the error ratio
 * constant from the first sample, so every window (5m … 30d) reads the same value.
 */
function sloExprChecks(slo: SloName, at: ExprCheck['at'], v: SloValues): ExprCheck[] {
  const sample = (name: string, value: number, labels: Record<string, string> = { ...TARGET, slo }) => ({
    expr: `${name}{slo="${slo}"}`,
    at,
    samples: [{ labels: `${name}${labelSet(labels)}`, value }],
  });
  return [
    ...SLO_WINDOWS.map((w) => sample(recording.sloErrorRatio(w), v.errorRatio)),
    ...SLO_WINDOWS.map((w) => sample(recording.sloBurnRate(w), v.burnRate)),
    sample(recording.sloErrorBudgetRemaining, v.budgetRemaining),
    sample(recording.sloObjective, v.objective, { slo }),
  ];
}

const apiDescription = (burn: string, how: string) =>
  `The api_availability SLO (99.9% over 30d; share of API probes of the UFO server that succeed (ufo_up)) of the UFO server behind ufo-exporter:9477 burns its error budget ${burn}× faster than sustainable (${how}).`;
const sessionDescription = (burn: string, how: string) =>
  `The session_success SLO (98% over 30d; share of finished sessions that do not fail (cancellations are not failures)) of the UFO server behind ufo-exporter:9477 burns its error budget ${burn}× faster than sustainable (${how}).`;
const PAGE = 'page: 14.4× over 1h and 5m, or 6× over 6h and 30m';
const TICKET = 'ticket: 3× over 1d and 2h, or 1× over 3d and 6h';
const finished = (status: string, values: string) => input('ufo_sessions_finished_total', { status, reason: 'none' }, values);

/** `ufo_up` at 15s scrapes failing in 30-second stretches: half the probes fail, never for UfoServerDown's whole `for`. */
const flapping = (samples: number) => Array.from({ length: samples }, (_, i) => (i % 4 < 2 ? '1' : '0')).join(' ');

export const sloCases: UnitTestCase[] = [
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
    exprs: sloExprChecks('api_availability', '20m', { errorRatio: 1, burnRate: 1000, budgetRemaining: -999, objective: 0.999 }),
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
    exprs: sloExprChecks('api_availability', '20m', { errorRatio: 0, burnRate: 0, budgetRemaining: 1, objective: 0.999 }),
  },
  {
    name: 'session_success: 10% failed burns 5× — a ticket, no page',
    interval: '1m',
    input: [finished('completed', '0+9x40'), finished('failed', '0+1x40')],
    alerts: [
      { alertname: 'UfoSessionSuccessBudgetBurn', at: '10m', expect: [] },
      { alertname: 'UfoSessionSuccessBudgetBurn', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning', slo: 'session_success' }), description: sessionDescription('5', TICKET) }] },
    ],
  },
  {
    name: 'session_success: 25% failed (and 50% cancelled) burns 12.5× — a ticket only: UfoHighSessionFailureRate is the page for failing sessions',
    interval: '1m',
    input: [finished('completed', '0+1x40'), finished('failed', '0+1x40'), finished('cancelled', '0+2x40')],
    alerts: [
      { alertname: 'UfoSessionSuccessBudgetBurn', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning', slo: 'session_success' }), description: sessionDescription('12.5', TICKET) }] },
    ],
    exprs: sloExprChecks('session_success', '20m', { errorRatio: 0.25, burnRate: 12.5, budgetRemaining: -11.5, objective: 0.98 }),
  },
];
