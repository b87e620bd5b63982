/**
 * SLOs: for API availability and session success — the objective, the current success ratio, the
 * error budget left and the burn rate per window, all from the recording rules (rules/recording-names.ts).
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { recording, SLO_NAMES, SLO_WINDOWS, type SloName, type SloWindow } from '../../rules/recording-names';
import { rules } from '../alert-thresholds';
import { ufoDashboard, type RowSpec } from '../dashboard-kit';
import { barGauge, stat, timeSeries } from '../panels';
import { aggregatedSeries } from '../promql';
import { derivedUnits } from '../units';

/** The burn-rate alert window pairs of rules/config.ts, slowest burn first. */
const BURN_PAIRS = rules.burnRateAlerts
  .flatMap((a) => a.pairs.map((p) => ({ ...p, action: a.severity === 'critical' ? 'page' : 'ticket' })))
  .sort((a, b) => a.factor - b.factor);
/** Colours from the lowest alert factor up. */
const FACTOR_COLOURS = ['yellow', 'orange', 'red', 'dark-red'] as const;
/** Colour steps at the burn rates the alerts fire at. */
const BURN_RATE_STEPS: [number | null, string][] = [
  [null, 'green'],
  ...BURN_PAIRS.map((p, i): [number, string] => [p.factor, FACTOR_COLOURS[Math.min(i, FACTOR_COLOURS.length - 1)] ?? 'red']),
];
/** How the alerts read the burn rate, for panel descriptions. */
const BURN_ALERTS_TEXT = [...BURN_PAIRS]
  .reverse()
  .map((p) => `${p.action} at ${p.factor}× over ${p.long} and ${p.short}`)
  .join(', ');
/** The long windows of the burn-rate alert pairs, drawn over time. */
const TREND_WINDOWS: readonly SloWindow[] = [...BURN_PAIRS].reverse().map((p) => p.long);

const TITLES: Record<SloName, string> = {
  api_availability: 'API availability',
  session_success: 'Session success',
};

/** Panel ids of an SLO's row: 10 per SLO, so adding a panel to one SLO never renumbers another. */
const IDS_PER_SLO = 10;

function sloRow(slo: SloName, index: number): RowSpec {
  const base = 1 + index * IDS_PER_SLO;
  const label = `slo="${slo}"`;
  const title = TITLES[slo];
  const about = `${title} SLO: ${rules.slos[slo].description}, objective over ${rules.sloPeriod}.`;
  const errorRatio = (w: SloWindow) => aggregatedSeries(recording.sloErrorRatio(w), label);
  return {
    id: base,
    title: `${title} (${slo})`,
    panels: [
      stat({
        id: base + 1,
        title: `${title}: objective`,
        description: `${about} The share of good events the objective promises.`,
        unit: derivedUnits.ratio,
        width: 4,
        decimals: 2,
        targets: [{ expr: aggregatedSeries(recording.sloObjective, label), legend: 'objective' }],
      }),
      stat({
        id: base + 2,
        title: `${title}: over ${rules.sloPeriod}`,
        description: `${about} The share of good events over the last ${rules.sloPeriod} (1 − error ratio): compare with the objective.`,
        unit: derivedUnits.ratio,
        width: 4,
        decimals: 3,
        targets: [{ expr: `1 - ${errorRatio(rules.sloPeriod)}`, legend: 'current' }],
      }),
      stat({
        id: base + 3,
        title: `${title}: error budget left`,
        description: `${about} The error budget left over the last ${rules.sloPeriod}: 100% untouched, 0 or less spent.`,
        unit: derivedUnits.ratio,
        width: 4,
        decimals: 1,
        thresholds: [
          [null, 'red'],
          [0.25, 'orange'],
          [0.5, 'green'],
        ],
        targets: [{ expr: aggregatedSeries(recording.sloErrorBudgetRemaining, label), legend: 'budget left' }],
      }),
      barGauge({
        id: base + 4,
        title: `${title}: burn rate per window`,
        description: `${about} How many times faster than the objective allows the budget burns, per window. Alerts ${BURN_ALERTS_TEXT}.`,
        unit: derivedUnits.burnRate,
        width: 12,
        min: 0,
        decimals: 2,
        thresholds: BURN_RATE_STEPS,
        targets: SLO_WINDOWS.map((w) => ({ expr: aggregatedSeries(recording.sloBurnRate(w), label), legend: w })),
      }),
      timeSeries({
        id: base + 5,
        title: `${title}: error ratio per window`,
        description: `${about} Error ratio over each alert window, against the error ratio the objective allows (1 − objective).`,
        unit: derivedUnits.ratio,
        width: 12,
        min: 0,
        targets: [
          ...TREND_WINDOWS.map((w) => ({ expr: errorRatio(w), legend: w })),
          { expr: `1 - ${aggregatedSeries(recording.sloObjective, label)}`, legend: 'allowed' },
        ],
      }),
      timeSeries(
        {
          id: base + 6,
          title: `${title}: burn rate over time`,
          description: `${about} Burn rate over the long window of each alert pair; dashed lines at the alert factors (${BURN_PAIRS.map((p) => `${p.factor}×`).join(', ')}).`,
          unit: derivedUnits.burnRate,
          width: 12,
          min: 0,
          thresholds: BURN_RATE_STEPS,
          targets: TREND_WINDOWS.map((w) => ({ expr: aggregatedSeries(recording.sloBurnRate(w), label), legend: w })),
        },
        { thresholdLines: true },
      ),
    ],
  };
}

export function sloDashboard(): dashboard.Dashboard {
  return ufoDashboard({
    uid: 'ufo-slo',
    title: 'UFO SLOs',
    description: `Service level objectives of the UFO server over ${rules.sloPeriod}: objective, current ratio, error budget left and burn rate per window, from the SLO recording rules.`,
    rows: SLO_NAMES.map(sloRow),
  });
}
