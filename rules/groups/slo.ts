/**
 * SLOs: error ratios over every burn-rate window, burn rates, objectives, error budget left, and
 * multi-window multi-burn-rate alerts (page and ticket) for each SLO.
 */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, num, percent, record, series, sumByInstance, type AlertRule, type RecordingRule, type RuleGroup } from '../builder';
import { durationSeconds, type BurnRateAlertConfig, type RulesConfig } from '../config';
import { recording, SLO_NAMES, SLO_WINDOWS, type SloName, type SloWindow } from '../recording-names';
import { eventsIn, rateRatio, unlessRecentOutage, withVolume } from './common';

/** The SLI's error ratio over `window`: the share of bad events. */
function errorRatioExpr(config: RulesConfig, slo: SloName, window: SloWindow): string {
  switch (slo) {
    case 'api_availability':
      return `1 - avg_over_time(${series(metric('ufo_up'), config.exporterSelector)}[${window}])`;
    case 'session_success':
      return rateRatio(config, metric('ufo_sessions_finished_total'), `status=~"${config.failedSessionStatuses}"`, window);
  }
}

/**
 * The volume guard of a burn-rate pair: the events its short window must hold. Sessions come when they
 * come: at least `minFinishedSessions` finished. Probes come at a steady pace, so their handful is of
 * failures: at least `minFailedProbes` failed (one failed first probe of a young exporter is no burn).
 */
function volumeGuard(config: RulesConfig, slo: SloName, window: SloWindow): { readonly volume: string; readonly min: number } {
  switch (slo) {
    case 'api_availability': {
      const up = series(metric('ufo_up'), config.exporterSelector);
      return { volume: sumByInstance(config, `count_over_time(${up}[${window}]) - sum_over_time(${up}[${window}])`), min: config.minFailedProbes };
    }
    case 'session_success':
      return { volume: eventsIn(config, metric('ufo_sessions_finished_total'), window), min: config.minFinishedSessions };
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
    .map((p) => {
      const guard = volumeGuard(config, slo, p.short);
      const burning = `${series(recording.sloBurnRate(p.long), bySlo)} > ${p.factor} and ${series(recording.sloBurnRate(p.short), bySlo)} > ${p.factor}`;
      return withVolume(config, burning, guard.volume, guard.min);
    })
    .map((c) => `(${c})`)
    .join(' or ');
  // Until its longest window no longer holds an outage, the outage (already paged) explains the burn.
  const longest = burn.pairs.map((p) => p.long).reduce((a, b) => (durationSeconds(a) >= durationSeconds(b) ? a : b));
  const windows = burn.pairs.map((p) => `${p.factor}× over ${p.long} and ${p.short}`).join(', or ');
  const objective = `${percent(config.slos[slo].objective)} over ${config.sloPeriod}`;
  return alert(config, {
    name: burnAlertName(slo),
    severity: burn.severity,
    expr: unlessRecentOutage(config, condition, longest),
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
      ...SLO_NAMES.flatMap((slo) =>
        config.burnRateAlerts.filter((burn) => burn.severity !== 'critical' || config.slos[slo].pageOnBurn).map((burn) => burnAlert(config, slo, burn)),
      ),
    ],
  };
}
