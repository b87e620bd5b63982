/**
 * SLOs: for API availability and session success — the objective, the current success ratio, the
 * error budget left and the burn rate per window, all from the recording rules (rules/recording-names.ts).
 */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { RuleSettings } from '../../rules/config';
import { recording, SLO_NAMES, SLO_WINDOWS, type SloName, type SloWindow } from '../../rules/recording-names';
import { ufoDashboard, type RowSpec } from '../dashboard-kit';
import { barGauge, stat, timeSeries } from '../panels';
import { aggregatedSeries } from '../promql';
import { derivedUnits } from '../units';

/** Colours from the lowest alert factor up. */
const FACTOR_COLOURS = ['yellow', 'orange', 'red', 'dark-red'] as const;

/** How the burn-rate alerts of the rule settings read, for the panels. */
function burnView(rules: RuleSettings) {
  /** The burn-rate alert window pairs, slowest burn first. */
  const pairs = rules.burnRateAlerts
    .flatMap((a) => a.pairs.map((p) => ({ ...p, action: a.severity === 'critical' ? 'page' : 'ticket' })))
    .sort((a, b) => a.factor - b.factor);
  return {
    pairs,
    /** Colour steps at the burn rates the alerts fire at. */
    steps: [
      [null, 'green'],
      ...pairs.map((p, i): [number, string] => [p.factor, FACTOR_COLOURS[Math.min(i, FACTOR_COLOURS.length - 1)] ?? 'red']),
    ] as [number | null, string][],
    /** How the alerts read the burn rate, for panel descriptions. */
    text: [...pairs]
      .reverse()
      .map((p) => `${p.action} at ${p.factor}× over ${p.long} and ${p.short}`)
      .join(', '),
    /** The long windows of the burn-rate alert pairs, drawn over time. */
    trendWindows: [...pairs].reverse().map((p): SloWindow => p.long),
  };
}

const TITLES: Record<SloName, string> = {
  api_availability: 'API availability',
  session_success: 'Session success',
};

/** Panel ids of an SLO's row: 10 per SLO, so adding a panel to one SLO never renumbers another. */
const IDS_PER_SLO = 10;

function sloRow(rules: RuleSettings, slo: SloName, index: number): RowSpec {
  const burn = burnView(rules);
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
        description: `${about} How many times faster than the objective allows the budget burns, per window. Alerts ${burn.text}.`,
        unit: derivedUnits.burnRate,
        width: 12,
        min: 0,
        decimals: 2,
        thresholds: burn.steps,
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
          ...burn.trendWindows.map((w) => ({ expr: errorRatio(w), legend: w })),
          { expr: `1 - ${aggregatedSeries(recording.sloObjective, label)}`, legend: 'allowed' },
        ],
      }),
      timeSeries(
        {
          id: base + 6,
          title: `${title}: burn rate over time`,
          description: `${about} Burn rate over the long window of each alert pair; dashed lines at the alert factors (${burn.pairs.map((p) => `${p.factor}×`).join(', ')}).`,
          unit: derivedUnits.burnRate,
          width: 12,
          min: 0,
          thresholds: burn.steps,
          targets: burn.trendWindows.map((w) => ({ expr: aggregatedSeries(recording.sloBurnRate(w), label), legend: w })),
        },
        { thresholdLines: true },
      ),
    ],
  };
}

export function sloDashboard(config: BundleConfig): dashboard.Dashboard {
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.slo,
    title: 'UFO SLOs',
    description: `Service level objectives of the UFO server over ${config.rules.sloPeriod}: objective, current ratio, error budget left and burn rate per window, from the SLO recording rules.`,
    rows: SLO_NAMES.map((slo, index) => sloRow(config.rules, slo, index)),
  });
}
