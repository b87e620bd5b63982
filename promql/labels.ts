/**
 * Which labels can survive into a PromQL expression's result, and which labels an expression names
 * that its input series cannot carry (to catch a description naming a label an aggregation removed,
 * or a matcher on a label a series never has). Syntax only, on the tree parse.ts parses.
 */
import { children, descendants, matchersOf, parsePromql, selectorOf, text, unquote, type SyntaxNode } from './parse';

/** What an expression evaluates to, as far as labels go. */
interface Shape {
  readonly scalar: boolean;
  readonly labels: ReadonlySet<string>;
}

/** The labels each series name carries (catalogue labels + target labels, or a recording rule's output). */
export type SeriesLabels = (name: string) => ReadonlySet<string> | undefined;

/** Receives each label an expression names that the series it applies to cannot carry. */
type LabelReport = (message: string) => void;

export interface LabelCheckOptions {
  /**
   * Matcher labels the caller checks itself (e.g. a dashboard's `instance=~"$instance|"`, which is
   * meant to also match series without that label).
   */
  readonly uncheckedMatcherLabels?: readonly string[];
}

const SCALAR: Shape = { scalar: true, labels: new Set() };
const NO_LABELS: Shape = { scalar: false, labels: new Set() };
const SCALAR_FUNCTIONS = new Set(['time', 'scalar', 'pi', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);
const LABEL_ADDING_FUNCTIONS = new Set(['label_replace', 'label_join']);
/** Aggregations that select series instead of merging them: they keep every label. */
const SELECTING_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const LITERALS = new Set(['NumberDurationLiteral', 'StringLiteral']);

function groupingLabels(expr: string, node: SyntaxNode | null): string[] {
  return node ? node.getChildren('LabelName').map((n) => text(expr, n)) : [];
}

function intersect(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  return new Set([...b].filter((l) => a.has(l)));
}

function minus(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const out = new Set(a);
  for (const l of b) out.delete(l);
  return out;
}

function listed(labels: ReadonlySet<string>): string {
  return [...labels].join(', ') || 'no labels';
}

class ShapeReader {
  constructor(
    private readonly expr: string,
    private readonly seriesLabels: SeriesLabels,
    /** When given, labels named but absent from their input are reported (`labelProblems`). */
    private readonly report?: LabelReport,
    private readonly options: LabelCheckOptions = {},
  ) {}

  /** Reports each of `names` missing from `labels`; `context` says where the names were written. */
  private expectLabels(names: readonly string[], labels: ReadonlySet<string>, context: string, input: string): void {
    for (const name of names)
      if (!labels.has(name)) this.report?.(`${context} names label "${name}", which ${input} does not have (it has: ${listed(labels)})`);
  }

  read(node: SyntaxNode): Shape {
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr':
      case 'UnaryExpr':
        return this.read(this.firstExpression(node));
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return SCALAR;
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'AggregateExpr':
        return this.aggregation(node);
      case 'FunctionCall':
        return this.functionCall(node);
      case 'BinaryExpr':
        return this.binary(node);
      default:
        throw new Error(`cannot tell the labels of "${text(this.expr, node)}" (${node.name}) in: ${this.expr}`);
    }
  }

  private firstExpression(node: SyntaxNode): SyntaxNode {
    const first = children(node).find((c) => !['Sub', 'Add', 'DurationExpr', 'Offset', 'OffsetDurationExpr', 'At', 'AtModifierPreprocessors'].includes(c.name));
    if (!first) throw new Error(`empty "${text(this.expr, node)}" in: ${this.expr}`);
    return first;
  }

  private vectorSelector(node: SyntaxNode): Shape {
    const sel = selectorOf(this.expr, node);
    if (sel.name === undefined) return { scalar: false, labels: new Set(sel.matchers.map((m) => m.label)) };
    const labels = this.seriesLabels(sel.name);
    if (!labels) throw new Error(`unknown series "${sel.name}" in: ${this.expr}`);
    const unchecked = new Set(['__name__', ...(this.options.uncheckedMatcherLabels ?? [])]);
    const matched = sel.matchers.map((m) => m.label).filter((l) => !unchecked.has(l));
    this.expectLabels(matched, labels, `the matcher of ${sel.name}`, sel.name);
    return { scalar: false, labels };
  }

  private aggregation(node: SyntaxNode): Shape {
    const op = text(this.expr, node.getChild('AggregateOp') ?? node);
    const args = children(node.getChild('FunctionCallBody') ?? node);
    const vectorArg = args[args.length - 1];
    if (!vectorArg) throw new Error(`aggregation without an argument: ${text(this.expr, node)}`);
    const inner = this.read(vectorArg).labels;
    if (SELECTING_AGGREGATIONS.has(op)) return { scalar: false, labels: inner };
    const modifier = node.getChild('AggregateModifier');
    const grouping = groupingLabels(this.expr, modifier?.getChild('GroupingLabels') ?? null);
    const input = `the input of ${op} (${text(this.expr, vectorArg)})`;
    let labels: Set<string>;
    if (modifier?.getChild('By')) {
      this.expectLabels(grouping, inner, `${op} by`, input);
      labels = intersect(inner, grouping);
    } else if (modifier?.getChild('Without')) {
      this.expectLabels(grouping, inner, `${op} without`, input);
      labels = minus(inner, grouping);
    } else labels = new Set();
    if (op === 'count_values' && args[0]?.name === 'StringLiteral') labels.add(unquote(text(this.expr, args[0])));
    return { scalar: false, labels };
  }

  private functionCall(node: SyntaxNode): Shape {
    const name = text(this.expr, node.getChild('FunctionIdentifier') ?? node);
    const args = children(node.getChild('FunctionCallBody') ?? node);
    if (SCALAR_FUNCTIONS.has(name) && name !== 'scalar' && args.length > 0) return this.read(args[0]!);
    if (SCALAR_FUNCTIONS.has(name)) return SCALAR;
    if (name === 'vector') return NO_LABELS;
    if (name === 'absent' || name === 'absent_over_time') {
      // Its argument's labels do not reach the result, but a misspelt matcher there still matters.
      if (this.report && args[0]) this.read(args[0]);
      const selector = args[0] ? descendants(args[0], 'VectorSelector')[0] : undefined;
      const equal = selector ? matchersOf(this.expr, selector).filter((m) => m.op === '=') : [];
      return { scalar: false, labels: new Set(equal.map((m) => m.label)) };
    }
    const vectorArg = args.find((a) => !LITERALS.has(a.name));
    if (!vectorArg) throw new Error(`function ${name} without a vector argument in: ${this.expr}`);
    const inner = this.read(vectorArg).labels;
    if (name === 'histogram_quantile') return { scalar: false, labels: minus(inner, ['le']) };
    if (LABEL_ADDING_FUNCTIONS.has(name) && args[1]?.name === 'StringLiteral') {
      // label_replace(v, dst, replacement, src, regex); label_join(v, dst, separator, src…).
      const sources = args.slice(3, name === 'label_replace' ? 4 : undefined).filter((a) => a.name === 'StringLiteral');
      const sourceLabels = sources.map((a) => unquote(text(this.expr, a))).filter((l) => l !== '');
      this.expectLabels(sourceLabels, inner, `${name}'s source`, `its input (${text(this.expr, vectorArg)})`);
      return { scalar: false, labels: new Set([...inner, unquote(text(this.expr, args[1]))]) };
    }
    return { scalar: false, labels: inner };
  }

  private binary(node: SyntaxNode): Shape {
    const parts = children(node);
    const lhsNode = parts[0];
    const rhsNode = parts[parts.length - 1];
    const opNode = parts[1];
    if (!lhsNode || !rhsNode || !opNode) throw new Error(`incomplete binary expression: ${text(this.expr, node)}`);
    const lhs = this.read(lhsNode);
    const rhs = this.read(rhsNode);
    if (lhs.scalar && rhs.scalar) return SCALAR;
    if (lhs.scalar) return rhs;
    if (rhs.scalar) return lhs;
    const op = opNode.name;
    if (op === 'And' || op === 'Unless') return lhs;
    if (op === 'Or') return { scalar: false, labels: new Set([...lhs.labels, ...rhs.labels]) };
    const matching = node.getChild('MatchingModifierClause');
    const lists = matching?.getChildren('GroupingLabels') ?? [];
    const matchOn = groupingLabels(this.expr, lists[0] ?? null);
    const include = groupingLabels(this.expr, lists[1] ?? null);
    this.checkMatching(node, lhs.labels, rhs.labels, matchOn, include);
    if (matching?.getChild('GroupLeft')) return { scalar: false, labels: new Set([...lhs.labels, ...include]) };
    if (matching?.getChild('GroupRight')) return { scalar: false, labels: new Set([...rhs.labels, ...include]) };
    // One-to-one matching: `on(l)` keeps only l, `ignoring(l)` drops l (Prometheus' resultMetric).
    if (matching?.getChild('On')) return { scalar: false, labels: intersect(lhs.labels, matchOn) };
    if (matching?.getChild('Ignoring')) return { scalar: false, labels: minus(lhs.labels, matchOn) };
    return lhs;
  }

  /**
   * `on(l)` matches on l, so both sides need it; `ignoring(l)` needs l on one side at least;
   * `group_left(l)` copies l from the right side (`group_right(l)` from the left).
   */
  private checkMatching(node: SyntaxNode, lhs: ReadonlySet<string>, rhs: ReadonlySet<string>, matchOn: readonly string[], include: readonly string[]): void {
    const matching = node.getChild('MatchingModifierClause');
    if (!this.report || !matching) return;
    const parts = children(node);
    const left = `the left side (${text(this.expr, parts[0] ?? node)})`;
    const right = `the right side (${text(this.expr, parts[parts.length - 1] ?? node)})`;
    if (matching.getChild('On')) {
      this.expectLabels(matchOn, lhs, 'on', left);
      this.expectLabels(matchOn, rhs, 'on', right);
    } else this.expectLabels(matchOn, new Set([...lhs, ...rhs]), 'ignoring', 'either side');
    if (matching.getChild('GroupLeft')) this.expectLabels(include, rhs, 'group_left', right);
    if (matching.getChild('GroupRight')) this.expectLabels(include, lhs, 'group_right', left);
  }
}

/**
 * The labels that can appear on the expression's result series. Throws for a series name
 * `seriesLabels` does not know, so it doubles as the unknown-metric check.
 */
export function resultLabels(expr: string, seriesLabels: SeriesLabels): ReadonlySet<string> {
  return new ShapeReader(expr, seriesLabels).read(parsePromql(expr)).labels;
}

/**
 * Every label the expression names that the series it applies to cannot carry: selector matchers,
 * `by` / `without` of aggregations, `on` / `ignoring` / `group_left` / `group_right` of binary
 * operators, and label_replace / label_join sources. Throws like `resultLabels` for an unknown series.
 */
export function labelProblems(expr: string, seriesLabels: SeriesLabels, options: LabelCheckOptions = {}): string[] {
  const problems: string[] = [];
  new ShapeReader(expr, seriesLabels, (message) => problems.push(message), options).read(parsePromql(expr));
  return problems;
}
