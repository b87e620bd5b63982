/**
 * The paging policy's numbers (docs/alerting.md): for every paging (critical) alert, a reference
 * incident and the worst-case time from its onset to the alert firing, computed from the alert's
 * windows, thresholds and `for` in the config. A test compares docs/alerting.md with these.
 */

import { humanSeconds } from './builder';
import { durationSeconds, type Duration, type RulesConfig } from './config';
import { availabilityInterval } from './groups/availability';
import { SESSION_WINDOW } from './groups/sessions';

export interface Detection {
  /** The incident the time is computed for. */
  readonly incident: string;
  /** Worst case from the incident's onset to the alert firing, seconds (rounded up). */
  readonly seconds: number;
}

/** The share of sessions failing in the reference incident of the session page (issue 12). */
export const REFERENCE_FAILURE_SHARE = 0.6;
/** The share of probes failing in the reference incident of the availability burn page (a flapping server). */
export const REFERENCE_PROBE_FAILURE_SHARE = 0.5;

/**
 * Worst case: the first scrape after the condition holds (≤ scrape interval), the first evaluation
 * after that makes the alert pending (≤ evaluation interval), it fires `for` later (rounded up to
 * whole evaluations).
 */
function worstCase(config: RulesConfig, conditionSeconds: number, alertFor: Duration, evaluation: Duration): number {
  const scrape = durationSeconds(config.scrapeInterval);
  const evaluate = durationSeconds(evaluation);
  const pending = Math.ceil(durationSeconds(alertFor) / evaluate) * evaluate;
  return Math.ceil(scrape + conditionSeconds + evaluate + pending);
}

/** Paging alert name → its reference incident and detection time. */
export function pagingDetections(config: RulesConfig): Readonly<Record<string, Detection>> {
  const budget = 1 - config.slos.api_availability.objective;
  const page = config.burnRateAlerts.find((b) => b.severity === 'critical');
  // A burn pair fires once its long window's error ratio passes factor × budget (the short one passes first).
  const burnOnset = page ? Math.min(...page.pairs.map((p) => (durationSeconds(p.long) * p.factor * budget) / REFERENCE_PROBE_FAILURE_SHARE)) : Infinity;
  const availabilityEvaluation = availabilityInterval(config) ?? config.evaluationInterval;
  const failureOnset = (durationSeconds(SESSION_WINDOW) * config.sessionFailureRatio.critical) / REFERENCE_FAILURE_SHARE;
  return {
    UfoServerDown: { incident: 'the server stops answering', seconds: worstCase(config, 0, config.serverDownFor, availabilityEvaluation) },
    UfoExporterDown: { incident: 'Prometheus cannot scrape the exporter', seconds: worstCase(config, 0, config.exporterDownFor, availabilityEvaluation) },
    UfoNoDevicesConnected: { incident: 'every device disconnects', seconds: worstCase(config, 0, config.noDevicesFor, config.evaluationInterval) },
    UfoHighSessionFailureRate: {
      incident: `${REFERENCE_FAILURE_SHARE * 100}% of sessions suddenly fail`,
      seconds: worstCase(config, failureOnset, config.sessionFailureFor, config.evaluationInterval),
    },
    ...(page && config.slos.api_availability.pageOnBurn
      ? {
          UfoApiAvailabilityBudgetBurn: {
            incident: `${REFERENCE_PROBE_FAILURE_SHARE * 100}% of probes suddenly fail: the server flaps`,
            seconds: worstCase(config, burnOnset, page.for, config.evaluationInterval),
          },
        }
      : {}),
  };
}

/** `1m45s (the server stops answering)`: a detection as the policy table shows it. */
export function detectionText(d: Detection): string {
  return `≤ ${humanSeconds(d.seconds)} (${d.incident})`;
}
