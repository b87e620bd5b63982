/** The scrape target every unit test pretends Prometheus scraped, and helpers to write series. */

import { num, type SelectableName } from '../builder';
import type { RulesConfig } from '../config';
import type { InputSeries } from '../unit-tests';

/** The scrape target's labels: the instance is the tests' own, the job is the config's. */
export type Target = {
  readonly instance: string;
  readonly job: string;
};

/** `{a="1",b="2"}` for a label set. */
export function labelSet(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** The test target of a rules config and the helpers that write its series and labels. */
export function testTarget(config: Pick<RulesConfig, 'job'>) {
  const TARGET: Target = { instance: 'ufo-exporter:9477', job: config.job };
  return {
    TARGET,
    /** An input series of the test target, with extra labels. */
    input: (name: SelectableName, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({
      series: `${name}${labelSet({ ...TARGET, ...labels })}`,
      values,
    }),
    /** The labels a per-instance alert or recording rule keeps, plus `extra`. */
    targetLabels: <E extends Record<string, string>>(extra: E): Target & E => ({ ...TARGET, ...extra }),
    /** `name{…}`: the labels (sorted, as Prometheus prints them) of a sample of the test target in an expression check. */
    sampleOf: (name: string, extra: Readonly<Record<string, string>> = {}): string =>
      `${name}${labelSet(Object.fromEntries(Object.entries({ ...TARGET, ...extra }).sort(([a], [b]) => a.localeCompare(b))))}`,
  };
}

/** promtool values of a counter: 0, then per segment `[step, samples]` that many samples, each `step` higher. */
export function counter(...segments: readonly (readonly [step: number, samples: number])[]): string {
  let last = 0;
  const parts = ['0'];
  for (const [step, samples] of segments) {
    if (samples < 1) continue;
    parts.push(`${num(last + step)}+${num(step)}x${samples - 1}`);
    last += step * samples;
  }
  return parts.join(' ');
}

/** promtool values of a gauge: per segment `[value, samples]` that many samples of `value` (`_`: missing). */
export function gauge(...segments: readonly (readonly [value: number | '_', samples: number])[]): string {
  return segments
    .filter(([, samples]) => samples > 0)
    .map(([value, samples]) => `${value === '_' ? '_' : num(value)}x${samples - 1}`)
    .join(' ');
}
