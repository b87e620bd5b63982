/** The scrape target every unit test pretends Prometheus scraped, and helpers to write series. */

import type { SelectableName } from '../builder';
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
