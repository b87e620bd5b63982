/** Reads sample values out of the exporter's text exposition, for exact-value assertions. */

export type Samples = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function key(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return `${name}{${pairs.join(',')}}`;
}

export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!;
    samples.set(key(m[1]!, labels), Number(m[4]));
  }
  return samples;
}

/** The value of one series; 0 when the series is absent (a counter never incremented). */
export function value(samples: Samples, name: string, labels: Readonly<Record<string, string>> = {}): number {
  return samples.get(key(name, labels)) ?? 0;
}

/**
 * Every non-zero series of a metric, as `label=value,…` → value. Zero series are left out like absent
 * ones (see `value`): the exporter exports known label sets at 0 from start-up (exporter/metrics/initial-series.ts).
 */
export function series(samples: Samples, name: string): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = `${name}{`;
  for (const [k, v] of samples) if (k.startsWith(prefix) && v !== 0) out.set(k.slice(prefix.length, -1), v);
  return out;
}
