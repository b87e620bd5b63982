import { describe, expect, it } from 'vitest';
import { catalogue, catalogueSeriesNames, metricDefinitions } from '../../exporter/catalogue';

describe('metric catalogue', () => {
  it('names follow the Prometheus conventions', () => {
    for (const def of metricDefinitions) {
      expect(def.name, def.name).toMatch(/^ufo_[a-z][a-z0-9_]*$/);
      expect(def.name.endsWith('_total'), `${def.name}: _total only on counters`).toBe(def.type === 'counter');
      if (def.unit === 'seconds' || def.unit === 'timestamp_seconds') expect(def.name, def.name).toMatch(/_seconds(_total)?$/);
      if (def.unit === 'info') expect(def.name, def.name).toMatch(/_info$/);
      expect(def.help.length, `${def.name} help`).toBeGreaterThan(10);
      for (const label of def.labelNames) expect(label, `${def.name} label`).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('histograms have sorted buckets and others have none', () => {
    for (const def of metricDefinitions) {
      if (def.type !== 'histogram') {
        expect(def.buckets, def.name).toBeUndefined();
        continue;
      }
      const buckets = def.buckets ?? [];
      expect(buckets.length, def.name).toBeGreaterThan(3);
      expect([...buckets].sort((a, b) => a - b), def.name).toEqual(buckets);
    }
  });

  it('only per-client metrics carry client_id, and all of them do', () => {
    for (const def of metricDefinitions)
      expect(def.labelNames.includes('client_id' as never), def.name).toBe(def.perClient === true);
  });

  it('names are unique and histograms expand to their series', () => {
    const names = metricDefinitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    const series = catalogueSeriesNames();
    expect(series.has(`${catalogue.sessionDuration.name}_bucket`)).toBe(true);
    expect(series.has(`${catalogue.up.name}_bucket`)).toBe(false);
  });
});
