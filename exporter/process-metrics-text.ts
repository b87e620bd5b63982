/**
 * The text prom-client writes for a registry (so /metrics stays byte-compatible now that prom-client
 * is not loaded at run time): `# HELP`/`# TYPE`, one line per sample with its labels in the order
 * given, families separated by a blank line, NaN written `Nan` as prom-client does. The escaping and
 * number format are the catalogue's own (metrics/text-format.ts).
 */
import { escapeHelp, formatLabels, formatValue } from './metrics/text-format';

export interface Sample {
  /** The series name when it is not the family's (a histogram's `_bucket`, `_sum`, `_count`). */
  readonly name?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly samples: readonly Sample[];
}

/** The catalogue's number format, except that prom-client writes NaN as `Nan`. */
const valueText = (value: number): string => (Number.isNaN(value) ? 'Nan' : formatValue(value));

function familyText(family: Family): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples) {
    lines.push(`${sample.name ?? family.name}${formatLabels(Object.keys(sample.labels), sample.labels)} ${valueText(sample.value)}`);
  }
  return lines.join('\n');
}

/** The families as prom-client's `registry.metrics()` writes them. */
export function renderFamilies(families: readonly Family[]): string {
  return `${families.map(familyText).join('\n\n')}\n`;
}
