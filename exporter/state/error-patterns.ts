/**
 * Counts the server's error records by pattern (`ufo_log_errors_total{level, logger, pattern}`) and
 * keeps what the status page shows of each: count, first and last seen, an example line.
 *
 * Bounded: at most `maxPatterns` label sets (level, logger, pattern). Once that many are tracked, a
 * record of a new one counts under `{level, logger="other", pattern="other"}`, and the number of
 * distinct label sets folded that way is kept (`ufo_log_error_patterns_folded`), exactly up to
 * `FOLDED_MEMORY` of them (their hashes are remembered), after which it is a lower bound.
 */
import type { LogError } from '../events';
import type { CounterEntry } from './series';
import { seriesKey } from './series';

/** The label value past the cap, for both `logger` and `pattern`. */
export const OTHER = 'other';
/** Distinct folded label sets remembered (as 32-bit hashes) to count them. */
const FOLDED_MEMORY = 50_000;

const LABEL_NAMES = ['level', 'logger', 'pattern'] as const;
export type ErrorPatternLabel = (typeof LABEL_NAMES)[number];

/** One tracked pattern, as the status page shows it. */
export interface ErrorPatternView {
  readonly level: string;
  readonly logger: string;
  readonly pattern: string;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The latest occurrence, secrets stripped (empty for the `other` series). */
  readonly example: string;
}

interface Tracked {
  readonly labels: Readonly<Record<ErrorPatternLabel, string>>;
  count: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}

/** FNV-1a, 32 bits: enough to tell folded label sets apart for counting them. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class ErrorPatterns {
  private readonly tracked = new Map<string, Tracked>();
  /** The `other` series, by level (at most one per level). */
  private readonly others = new Map<string, Tracked>();
  private readonly foldedKeys = new Set<number>();
  private foldedCount = 0;

  constructor(readonly maxPatterns: number) {}

  /** Counts one error record. Returns true when it was folded into `other` for the first time (the cap was just crossed). */
  record(event: LogError): boolean {
    const labels = { level: event.level, logger: event.logger, pattern: event.pattern };
    const key = seriesKey(LABEL_NAMES, labels);
    const known = this.tracked.get(key);
    if (known) {
      this.count(known, event, event.example);
      return false;
    }
    if (this.tracked.size < this.maxPatterns) {
      this.tracked.set(key, { labels, count: 1, firstSeen: event.at, lastSeen: event.at, example: event.example });
      return false;
    }
    const firstFold = this.foldedCount === 0;
    this.noteFolded(key);
    let other = this.others.get(event.level);
    if (!other) {
      other = { labels: { level: event.level, logger: OTHER, pattern: OTHER }, count: 0, firstSeen: event.at, lastSeen: event.at, example: '' };
      this.others.set(event.level, other);
    }
    this.count(other, event, '');
    return firstFold;
  }

  /** Distinct label sets counted under `other` because the cap was reached. */
  get folded(): number {
    return this.foldedCount;
  }

  entries(): CounterEntry<ErrorPatternLabel>[] {
    return [...this.tracked.values(), ...this.others.values()].map((t) => ({ labels: t.labels, value: t.count }));
  }

  /** The `n` patterns seen last (the `other` series included), latest first. */
  recent(n: number): ErrorPatternView[] {
    return [...this.tracked.values(), ...this.others.values()]
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .slice(0, Math.max(0, n))
      .map((t) => ({ ...t.labels, count: t.count, firstSeen: t.firstSeen, lastSeen: t.lastSeen, example: t.example }));
  }

  private count(t: Tracked, event: LogError, example: string): void {
    t.count++;
    // Log times can go backwards (a rotated file read again, pushed events out of order): keep the latest.
    if (event.at >= t.lastSeen) {
      t.lastSeen = event.at;
      t.example = example;
    }
    t.firstSeen = Math.min(t.firstSeen, event.at);
  }

  private noteFolded(key: string): void {
    const h = hash32(key);
    // Past the memory, new folds cannot be told from repeats: the count stops (a lower bound).
    if (this.foldedKeys.has(h) || this.foldedKeys.size >= FOLDED_MEMORY) return;
    this.foldedKeys.add(h);
    this.foldedCount++;
  }
}
