/** The scrape target every unit test pretends Prometheus scraped, and helpers to write series. */

import { num, type SelectableName } from '../builder';
import type { InputSeries } from '../unit-tests';

export const TARGET = { instance: 'ufo-exporter:9477', job: 'ufo-exporter' } as const;

/** `{a="1",b="2"}` for a label set. */
export function labelSet(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** An input series of the test target, with extra labels. */
export function input(name: SelectableName, labels: Readonly<Record<string, string>>, values: string): InputSeries {
  return { series: `${name}${labelSet({ ...TARGET, ...labels })}`, values };
}

/** The labels a per-instance alert or recording rule keeps, plus `extra`. */
export function targetLabels<E extends Record<string, string>>(extra: E): typeof TARGET & E {
  return { ...TARGET, ...extra };
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
