/**
 * The text prom-client writes for a registry (so /metrics stays byte-compatible now that prom-client
 * is not loaded at run time): `# HELP`/`# TYPE`, one line per sample with its labels in the order
 * given, families separated by a blank line, NaN written `Nan` as prom-client does.
 */
import { escapeLabelValue } from './metrics/text-format';

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

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return String(value);
}

function familyText(family: Family): string {
  const help = family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  const lines = [`# HELP ${family.name} ${help}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples) {
    const labels = Object.entries(sample.labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
    lines.push(`${sample.name ?? family.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${valueText(sample.value)}`);
  }
  return lines.join('\n');
}

/** The families as prom-client's `registry.metrics()` writes them. */
export function renderFamilies(families: readonly Family[]): string {
  return `${families.map(familyText).join('\n\n')}\n`;
}
