/**
 * Durations, parsed once for the whole repository: the exporter's flags, the rules' windows,
 * Alertmanager's timings and the stack's intervals all use this module.
 *
 * Two spellings are accepted:
 * - Prometheus / Alertmanager durations: units largest first, each at most once — `30s`, `5m`,
 *   `1h30m`, `500ms`, `2d`, `0` (y, w, d, h, m, s, ms);
 * - one decimal number with one unit, as the exporter's flags allow: `1.5s`, `0.25m`.
 */

const UNIT_MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const COMPOUND_UNITS: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const COMPOUND = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DECIMAL = /^(\d+\.\d+)(ms|s|m|h|d)$/;

/** Milliseconds in `text` (either spelling), or undefined when it is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const decimal = DECIMAL.exec(text);
  return decimal ? Math.round(Number(decimal[1]) * UNIT_MS[decimal[2] as Unit]) : parsePrometheusDurationMs(text);
}

/** Milliseconds in a Prometheus / Alertmanager duration (no decimals), or undefined. */
export function parsePrometheusDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const m = COMPOUND.exec(text);
  if (!m || text === '') return undefined;
  return COMPOUND_UNITS.reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * UNIT_MS[unit], 0);
}

/** Seconds in a Prometheus duration; throws naming the text when it is not one. */
export function durationSeconds(text: string): number {
  const ms = parsePrometheusDurationMs(text);
  if (ms === undefined) throw new Error(`not a Prometheus duration: "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  return ms / 1000;
}

/** Milliseconds as the shortest Prometheus duration (`90000` → `1m30s`, `0` → `0s`). */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out;
}
