/** One part of `npm run bench`. Each file in bench/sections/ exports `section`; main runs them all in name order. */
export interface BenchSection {
  readonly name: string;
  /** Runs the measurements and returns Markdown for bench/RESULTS.md (printed as it goes too). */
  run(log: (line: string) => void): Promise<string>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds each call of `fn` takes, `times` times. */
export async function timeEach(times: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}

/** How a measurement grows between sizes: the exponent k in t ∝ N^k, from the first to the last size. */
export function growth(sizes: readonly number[], values: readonly number[]): string {
  const [n0, n1] = [sizes[0], sizes[sizes.length - 1]];
  const [v0, v1] = [values[0], values[values.length - 1]];
  if (n0 === undefined || n1 === undefined || v0 === undefined || v1 === undefined || v0 <= 0 || n0 === n1) return 'n/a';
  const k = Math.log(v1 / v0) / Math.log(n1 / n0);
  const shape = k < 0.2 ? 'flat' : k < 0.8 ? 'sub-linear' : k < 1.25 ? '≈ linear' : 'super-linear';
  return `N^${k.toFixed(2)} (${shape})`;
}

export const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
