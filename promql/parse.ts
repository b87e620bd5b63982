/**
 * Reads PromQL expressions with @prometheus-io/lezer-promql (syntax only; promtool is the real
 * validator): syntax errors, the series an expression selects, its range windows, and the syntax-tree
 * helpers labels.ts builds on (which labels survive into a result).
 */

import { parser } from '@prometheus-io/lezer-promql';

/** lezer's node type, taken from the parser so no transitive package is imported directly. */
export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface Selector {
  /** The metric name, or undefined for a selector like `{job="x"}`. */
  readonly name: string | undefined;
  readonly matchers: readonly LabelMatcher[];
}

/** Parses an expression; throws naming the expression and the offset of the first syntax error. */
export function parsePromql(expr: string): SyntaxNode {
  const tree = parser.parse(expr);
  let errorAt: number | undefined;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError && errorAt === undefined) errorAt = n.from;
    },
  });
  if (errorAt !== undefined) {
    const near = expr.slice(Math.max(0, errorAt - 20), errorAt + 20);
    throw new Error(`PromQL syntax error at offset ${errorAt} (near "${near}") in: ${expr}`);
  }
  return tree.topNode;
}

export function text(expr: string, node: SyntaxNode): string {
  return expr.slice(node.from, node.to);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function descendants(root: SyntaxNode, type: string): SyntaxNode[] {
  const found = root.name === type ? [root] : [];
  for (const child of children(root)) found.push(...descendants(child, type));
  return found;
}

/** Decodes a PromQL string literal ("…", '…' or `…`). */
export function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return JSON.parse(`"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
}

export function matchersOf(expr: string, selector: SyntaxNode): LabelMatcher[] {
  return descendants(selector, 'UnquotedLabelMatcher').map((m) => {
    const [label, op, value] = children(m);
    if (!label || !op || !value) throw new Error(`incomplete label matcher "${text(expr, m)}" in: ${expr}`);
    return { label: text(expr, label), op: text(expr, op) as LabelMatcher['op'], value: unquote(text(expr, value)) };
  });
}

export function selectorOf(expr: string, node: SyntaxNode): Selector {
  const id = node.getChild('Identifier');
  return { name: id ? text(expr, id) : undefined, matchers: matchersOf(expr, node) };
}

/** Every vector selector in the expression (including those inside range selectors and subqueries). */
export function selectors(expr: string): Selector[] {
  return descendants(parsePromql(expr), 'VectorSelector').map((n) => selectorOf(expr, n));
}

/** The range of every range selector and subquery (`[5m]`, `[1h:1m]` → `1h`), as written. */
export function rangeWindows(expr: string): string[] {
  const root = parsePromql(expr);
  return [...descendants(root, 'MatrixSelector'), ...descendants(root, 'SubqueryExpr')].map((n) => {
    const range = n.getChild('DurationExpr');
    if (!range) throw new Error(`range without a duration "${text(expr, n)}" in: ${expr}`);
    return text(expr, range);
  });
}
