/**
 * The text prom-client writes for a registry (so /metrics stays byte-compatible now that prom-client
 * is not loaded at run time): `# HELP`/`# TYPE`, one line per sample with its labels in the order
 * given, families separated by a blank line, NaN written `Nan` as prom-client does. The escaping and
 * number format are the catalogue's own (metrics/text-format.ts).
 *
 * The process metrics are written at every scrape, so they are written with FamilyText: fixed parts
 * (headers, label sets) made once, the body appended to one string, no per-sample objects or line
 * arrays — under back-to-back scrapes these were ~half of what a scrape allocated, and what the young
 * generation promotes is what grows the old generation (bench/NOTES.md, issue 15m2).
 */
import { escapeHelp, escapeLabelValue, formatLabels, formatValue } from './metrics/text-format';

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

/** A family's name and its `# HELP`/`# TYPE` lines, escaped once. */
export interface FamilyHead {
  readonly name: string;
  readonly text: string;
}

export function familyHead(name: string, help: string, type: Family['type']): FamilyHead {
  return { name, text: `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}` };
}

/** `{name="value"}` for one label. */
export const oneLabel = (name: string, value: string): string => `{${name}="${escapeLabelValue(value)}"}`;

/** The catalogue's number format, except that prom-client writes NaN as `Nan`. */
const valueText = (value: number): string => (Number.isNaN(value) ? 'Nan' : formatValue(value));

/** Families appended in order, as prom-client's `registry.metrics()` writes them. */
export class FamilyText {
  private out = '';

  /** Starts a family: its header lines. */
  family(head: FamilyHead): this {
    this.out = this.out === '' ? head.text : `${this.out}\n\n${head.text}`;
    return this;
  }

  /** One sample of the current family; `labels` as formatLabels writes them ('' for none). */
  sample(name: string, labels: string, value: number): this {
    this.out = `${this.out}\n${name}${labels} ${valueText(value)}`;
    return this;
  }

  /** A family with one unlabelled sample. */
  one(head: FamilyHead, value: number): this {
    return this.family(head).sample(head.name, '', value);
  }

  /** A family given as data. */
  add(family: Family): this {
    this.family(familyHead(family.name, family.help, family.type));
    for (const s of family.samples) this.sample(s.name ?? family.name, formatLabels(Object.keys(s.labels), s.labels), s.value);
    return this;
  }

  text(): string {
    return `${this.out}\n`;
  }
}

/** The families as prom-client's `registry.metrics()` writes them. */
export function renderFamilies(families: readonly Family[]): string {
  const out = new FamilyText();
  for (const family of families) out.add(family);
  return out.text();
}
