/**
 * Grafana units for panels. A panel that shows a catalogue metric as it is takes the unit from the
 * catalogue's `unit` field (`unitOf`); derived values (rates, ratios, burn rates) name theirs here.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import { catalogue, type CatalogueKey, type MetricUnit } from '../exporter/catalogue';

const GRAFANA_UNIT_OF: Record<MetricUnit, string> = {
  seconds: units.Seconds,
  timestamp_seconds: units.DatetimeISO,
  bytes: units.BytesIEC,
  ratio: units.PercentUnit,
  boolean: units.Bool,
  count: units.Short,
  info: units.NoUnit,
};

/** The Grafana unit of a catalogue metric shown as it is. */
export function unitOf(key: CatalogueKey): string {
  return GRAFANA_UNIT_OF[catalogue[key].unit];
}

/** Units of derived values. */
export const derivedUnits = {
  /** Event counters multiplied by 60: events per minute. */
  perMinute: units.CountsPerMinute,
  /** HTTP requests per second. */
  requestsPerSecond: units.RequestsPerSecond,
  /** Events per second. */
  perSecond: units.CountsPerSecond,
  /** Shares, error ratios and objectives (0–1). */
  ratio: units.PercentUnit,
  /** Memory. */
  bytes: units.BytesIEC,
  /** 0/1 values that are not catalogue metrics (Prometheus' own `up`). */
  boolean: units.Bool,
  /** Durations (quantiles, ages). */
  seconds: units.Seconds,
  /** CPU seconds per second: 1 = one core busy. */
  cpuCores: units.PercentUnit,
  /** Burn rate: how many times faster than the objective allows the budget is being spent. */
  burnRate: 'suffix:×',
  /** Counts of things (clients, sessions, alerts). */
  count: units.Short,
  /** Text-only values (build info). */
  none: units.NoUnit,
} as const;

/** Every unit id the SDK knows; with the custom-unit prefixes, what a panel unit may be. */
export function knownUnitIds(): Set<string> {
  return new Set(Object.values(units as Record<string, unknown>).filter((v): v is string => typeof v === 'string'));
}

/** Grafana's custom unit forms (`suffix:×`, `si:mF`, …), from its field-config documentation. */
export const CUSTOM_UNIT_PREFIXES = ['suffix:', 'prefix:', 'time:', 'si:', 'count:', 'currency:'] as const;
