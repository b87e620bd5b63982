/**
 * SLOs: error ratios over every burn-rate window, burn rates, objectives, error budget left, and
 * multi-window multi-burn-rate alerts (page and ticket) for each SLO.
 */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, num, percent, record, series, type AlertRule, type RecordingRule, type RuleGroup } from '../builder';
import type { BurnRateAlertConfig, RulesConfig } from '../config';
import { recording, SLO_NAMES, SLO_WINDOWS, type SloName, type SloWindow } from '../recording-names';
import { rateRatio } from './common';

/** The SLI's error ratio over `window`: the share of bad events. */
function errorRatioExpr(config: RulesConfig, slo: SloName, window: SloWindow): string {
  switch (slo) {
    case 'api_availability':
      return `1 - avg_over_time(${series(metric('ufo_up'), config.exporterSelector)}[${window}])`;
    case 'session_success':
      return rateRatio(config, metric('ufo_sessions_finished_total'), `status=~"${config.failedSessionStatuses}"`, window);
  }
}

/** `UfoApiAvailabilityBudgetBurn` for `api_availability`. */
export function burnAlertName(slo: SloName): string {
  return `Ufo${slo.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}BudgetBurn`;
}

/** The error budget: the share of bad events the objective allows (1 − objective). */
function errorBudget(config: RulesConfig, slo: SloName): string {
  return num(1 - config.slos[slo].objective);
}

function sloRecordingRules(config: RulesConfig, slo: SloName): RecordingRule[] {
  const label = { slo };
  const bySlo = `slo="${slo}"`;
  return [
    ...SLO_WINDOWS.map((w) => record(recording.sloErrorRatio(w), errorRatioExpr(config, slo, w), label)),
    ...SLO_WINDOWS.map((w) =>
      record(recording.sloBurnRate(w), `${series(recording.sloErrorRatio(w), bySlo)} / ${errorBudget(config, slo)}`, label),
    ),
    record(recording.sloObjective, `vector(${num(config.slos[slo].objective)})`, label),
    record(
      recording.sloErrorBudgetRemaining,
      `1 - ${series(recording.sloErrorRatio(config.sloPeriod), bySlo)} / ${errorBudget(config, slo)}`,
      label,
    ),
  ];
}

function burnAlert(config: RulesConfig, slo: SloName, burn: BurnRateAlertConfig): AlertRule {
  const bySlo = `slo="${slo}"`;
  const condition = burn.pairs
    .map((p) => `(${series(recording.sloBurnRate(p.long), bySlo)} > ${p.factor} and ${series(recording.sloBurnRate(p.short), bySlo)} > ${p.factor})`)
    .join(' or ');
  const windows = burn.pairs.map((p) => `${p.factor}× over ${p.long} and ${p.short}`).join(', or ');
  const objective = `${percent(config.slos[slo].objective)} over ${config.sloPeriod}`;
  return alert(config, {
    name: burnAlertName(slo),
    severity: burn.severity,
    expr: condition,
    for: burn.for,
    summary: `The ${slo} SLO of UFO server ${SERVER_NAME} is burning its error budget too fast.`,
    description: `The ${slo} SLO (${objective}; ${config.slos[slo].description}) of the UFO server behind {{ $labels.instance }} burns its error budget {{ $value | humanize }}× faster than sustainable (${burn.severity === 'critical' ? 'page' : 'ticket'}: ${windows}).`,
    dashboard: 'slo',
  });
}

export function sloGroup(config: RulesConfig): RuleGroup {
  return {
    name: 'ufo-slo',
    interval: undefined,
    rules: [
      ...SLO_NAMES.flatMap((slo) => sloRecordingRules(config, slo)),
      ...SLO_NAMES.flatMap((slo) => config.burnRateAlerts.map((burn) => burnAlert(config, slo, burn))),
    ],
  };
}
