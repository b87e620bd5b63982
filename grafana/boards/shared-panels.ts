/** Panels that appear on more than one dashboard, defined once. */
import { catalogue } from '../../exporter/catalogue';
import type { RuleSettings } from '../../rules/config';
import { alertThresholds, unsuccessfulSession } from '../alert-thresholds';
import { timeSeries } from '../panels';
import { shareOf } from '../promql';
import { derivedUnits } from '../units';

/** Share of finished sessions that failed or were cancelled, with the alert's thresholds drawn. */
export function sessionFailureRatioPanel(rules: RuleSettings, id: number, width: number) {
  return timeSeries(
    {
      id,
      title: 'Session failure ratio',
      description: 'Share of finished sessions that failed or were cancelled. Orange and red lines: UfoHighSessionFailureRate warning and critical.',
      unit: derivedUnits.ratio,
      width,
      min: 0,
      max: 1,
      thresholds: alertThresholds(rules.sessionFailureRatio),
      targets: [{ expr: shareOf(catalogue.sessionsFinished.name, [unsuccessfulSession(rules)]), legend: 'failed or cancelled' }],
    },
    { thresholdLines: true },
  );
}
