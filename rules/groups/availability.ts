/** Is the UFO server answering, is the exporter scraped, is the alerting pipeline alive. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, series, type RuleGroup } from '../builder';
import { durationSeconds, type Duration, type RulesConfig } from '../config';

/** `availabilityEvaluationInterval`, unless the rules are evaluated more often anyway (then the group default). */
export function availabilityInterval(config: RulesConfig): Duration | undefined {
  return durationSeconds(config.availabilityEvaluationInterval) < durationSeconds(config.evaluationInterval) ? config.availabilityEvaluationInterval : undefined;
}

export function availabilityGroup(config: RulesConfig): RuleGroup {
  const up = series(metric('up'), config.exporterSelector);
  return {
    name: 'ufo-availability',
    // Its own, shorter interval: a total outage pages within 2 minutes (docs/alerting.md).
    interval: availabilityInterval(config),
    rules: [
      alert(config, {
        name: 'UfoServerDown',
        severity: 'critical',
        expr: `${series(metric('ufo_up'), config.exporterSelector)} == 0`,
        for: config.serverDownFor,
        summary: `UFO server ${SERVER_NAME} does not answer the exporter's API probes.`,
        description: `The exporter {{ $labels.instance }} (job {{ $labels.job }}) has failed every probe of the UFO server API for more than ${config.serverDownFor}.`,
        dashboard: 'overview',
      }),
      alert(config, {
        name: 'UfoExporterDown',
        severity: 'critical',
        expr: `${up} == 0 or absent(${up})`,
        for: config.exporterDownFor,
        summary: 'Prometheus cannot scrape the UFO exporter.',
        description: `Prometheus has had no successful scrape of job {{ $labels.job }}{{ with $labels.instance }} at {{ . }}{{ else }} (no target at all){{ end }} for ${config.exporterDownFor}; UFO metrics are not collected.`,
        dashboard: 'exporter',
      }),
      alert(config, {
        name: 'UfoServerLogSilent',
        severity: 'warning',
        // The exporter decides (--ufo.log-silence, file missing): the rule only holds it for a while.
        expr: `${series(metric('ufo_exporter_log_problem'), config.exporterSelector)} == 1`,
        for: '5m',
        summary: 'The UFO server log the exporter follows does not feed it: session metrics are not current.',
        description: `The UFO server log followed by the exporter {{ $labels.instance }} is {{ $labels.problem }} (missing: the file does not exist or cannot be read; silent: nothing written while clients are connected); sessions, HTTP requests and log levels are not counted.`,
        dashboard: 'exporter',
      }),
    ],
  };
}

export function metaGroup(config: RulesConfig): RuleGroup {
  return {
    name: 'ufo-meta',
    interval: undefined,
    rules: [
      alert(config, {
        name: 'UfoWatchdog',
        severity: 'none',
        expr: 'vector(1)',
        noForBecause: 'it fires on purpose, always',
        summary: 'Always firing: proves the alerting pipeline works end to end.',
        perServer: false,
        description: 'This alert always fires in Prometheus {{ $externalURL }}. If a receiver stops getting it, the path from Prometheus through Alertmanager to that receiver is broken.',
      }),
    ],
  };
}
