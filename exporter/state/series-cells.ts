/**
 * A counter's series reached through nested maps by label value (numbers stay numbers), for the
 * label sets counted once per log line: a count is one to three map lookups and an add, with no series
 * key string built and no labels object made. The maps hold exactly one cell per series of the counter,
 * so they are bounded as the counter is (its label values are normalised by the sources).
 */
import type { CounterCell, LabelledCounter, Labels } from './series';

/** Series of a counter by one label value (a one-label family: `inc({ level })` without the labels object). */
export class CellsBy1<A, L extends string> {
  private readonly cells = new Map<A, CounterCell<L>>();

  constructor(
    private readonly counter: LabelledCounter<L>,
    /** The label set of `a`; called once per series. */
    private readonly labelsOf: (a: A) => Labels<L>,
  ) {}

  get(a: A): CounterCell<L> {
    let cell = this.cells.get(a);
    if (cell === undefined) {
      cell = this.counter.cell(this.labelsOf(a));
      this.cells.set(a, cell);
    }
    return cell;
  }
}

/**
 * `CellsBy1` with the last value's cell kept: for a label that nearly always repeats and whose values are
 * the sources' string literals (an event's source, a record's level), where a repeat is then one `===` of
 * the same string instead of a map lookup per event. Any other value is looked up as before.
 */
export class RepeatedCellsBy1<A, L extends string> {
  private readonly cells: CellsBy1<A, L>;
  private lastValue: A | undefined = undefined;
  private lastCell: CounterCell<L> | undefined = undefined;

  constructor(counter: LabelledCounter<L>, labelsOf: (a: A) => Labels<L>) {
    this.cells = new CellsBy1(counter, labelsOf);
  }

  get(a: A): CounterCell<L> {
    if (a === this.lastValue && this.lastCell !== undefined) return this.lastCell;
    const cell = this.cells.get(a);
    this.lastValue = a;
    this.lastCell = cell;
    return cell;
  }
}

/** Series of a counter by two label values. */
export class CellsBy2<A, B, L extends string> {
  private readonly byFirst = new Map<A, CellsBy1<B, L>>();

  constructor(
    private readonly counter: LabelledCounter<L>,
    /** The label set of (a, b); called once per series. */
    private readonly labelsOf: (a: A, b: B) => Labels<L>,
  ) {}

  get(a: A, b: B): CounterCell<L> {
    let rest = this.byFirst.get(a);
    if (rest === undefined) {
      rest = new CellsBy1<B, L>(this.counter, (b2) => this.labelsOf(a, b2));
      this.byFirst.set(a, rest);
    }
    return rest.get(b);
  }
}

/** Series of a counter by three label values. */
export class CellsBy3<A, B, C, L extends string> {
  private readonly byFirst = new Map<A, CellsBy2<B, C, L>>();

  constructor(
    private readonly counter: LabelledCounter<L>,
    private readonly labelsOf: (a: A, b: B, c: C) => Labels<L>,
  ) {}

  get(a: A, b: B, c: C): CounterCell<L> {
    let rest = this.byFirst.get(a);
    if (rest === undefined) {
      rest = new CellsBy2<B, C, L>(this.counter, (b2, c2) => this.labelsOf(a, b2, c2));
      this.byFirst.set(a, rest);
    }
    return rest.get(b, c);
  }
}
