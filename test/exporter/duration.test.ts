/** The one duration parser: Prometheus/Alertmanager spellings, the exporter's decimal flags, and formatting back. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationSeconds, formatDurationMs, parseDurationMs, parsePrometheusDurationMs } from '../../exporter/duration';

describe('durations', () => {
  it('reads Prometheus durations, units largest first', () => {
    expect(parsePrometheusDurationMs('0')).toBe(0);
    expect(parsePrometheusDurationMs('500ms')).toBe(500);
    expect(parsePrometheusDurationMs('1h30m')).toBe(5_400_000);
    expect(parsePrometheusDurationMs('2d')).toBe(172_800_000);
    expect(parsePrometheusDurationMs('1y')).toBe(365 * 86_400_000);
    expect(durationSeconds('5m')).toBe(300);
  });

  it('refuses what Prometheus refuses, and names the text', () => {
    for (const bad of ['', '5', 'm5', '30m1h', '1.5s', '5 m', '-1s', '1x']) expect(parsePrometheusDurationMs(bad), bad).toBeUndefined();
    expect(() => durationSeconds('1.5s')).toThrow(/not a Prometheus duration: "1\.5s"/);
  });

  it('also reads one decimal number with a unit, for the exporter flags', () => {
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('0.25m')).toBe(15_000);
    expect(parseDurationMs('750ms')).toBe(750);
    expect(parseDurationMs('1.5')).toBeUndefined();
  });

  it('formats milliseconds as the shortest duration that reads back the same (property)', () => {
    expect(formatDurationMs(90_000)).toBe('1m30s');
    expect(formatDurationMs(0)).toBe('0s');
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => parsePrometheusDurationMs(formatDurationMs(ms)) === ms));
  });
});
