/**
 * The ledger of the exporter's bounds: each bounded container or rate declares its limit here, and
 * every item dropped, evicted, shortened or refused at a bound is counted here, so that hitting a
 * bound is always visible (`ufo_exporter_bound_limit{bound}`, `ufo_exporter_bound_overflows_total{bound}`).
 * Recording is O(1) and allocation-free after the first overflow of a bound.
 */
import type { ExporterBound } from '../catalogue';
import type { CounterEntry } from './series';

export class BoundLedger {
  private readonly limits = new Map<ExporterBound, number>();
  private readonly overflows = new Map<ExporterBound, number>();
  /** Bumped on every change (limits and overflows are read through the `exporter` state version). */
  version = 0;

  /** Declares (or changes, e.g. on a web config reload) the limit of a bound. */
  setLimit(bound: ExporterBound, limit: number): void {
    if (this.limits.get(bound) === limit) return;
    this.limits.set(bound, limit);
    this.version++;
  }

  /** Counts `count` items past a bound. */
  overflow(bound: ExporterBound, count = 1): void {
    if (!(count > 0)) return;
    this.overflows.set(bound, (this.overflows.get(bound) ?? 0) + count);
    this.version++;
  }

  overflowCount(bound: ExporterBound): number {
    return this.overflows.get(bound) ?? 0;
  }

  limitEntries(): CounterEntry<'bound'>[] {
    return [...this.limits].map(([bound, value]) => ({ labels: { bound }, value }));
  }

  overflowEntries(): CounterEntry<'bound'>[] {
    return [...this.overflows].map(([bound, value]) => ({ labels: { bound }, value }));
  }
}
