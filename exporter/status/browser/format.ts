/** Human-readable times and durations for the status page. Pure functions (unit-tested in node). */

/** 0.042 → "42 ms", 3.2 → "3.20 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return `${seconds.toFixed(2)} s`;
}

/** Seconds per endpoint as "clients 3 ms, health 2 ms" (endpoints in name order), or "–". */
export function formatProbeSeconds(byEndpoint: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byEndpoint).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([endpoint, s]) => `${endpoint} ${formatDuration(s)}`).join(', ') : '–';
}

/** An age in the largest sensible unit: "4s", "3m 05s", "2h 10m", "3d 4h". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Unix seconds → local "YYYY-MM-DD HH:MM:SS". */
export function formatTimestamp(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "12 s ago (2026-…)" or "never". */
export function formatSince(unixSeconds: number | null, now: number): string {
  if (unixSeconds === null) return 'never';
  return `${formatAge(now - unixSeconds)} ago (${formatTimestamp(unixSeconds)})`;
}
