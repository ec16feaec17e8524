/**
 * What SLO discovery needs to read from a rule's PromQL: the comparisons of a series with a constant
 * (the objective of an SLA alert, `sla:x:ratio_30d < 0.999`) and the longest range selector (the
 * window of `sum(rate(x[1d])) / …`). Read from the syntax tree of Prometheus' own grammar, so that
 * parentheses, `bool`, `offset` and the operators' precedence are understood as Prometheus does.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { parseDuration } from '../../../domain/duration.js';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

export type ComparisonOp = '<' | '<=' | '>' | '>=';

/** `series op value`, with the series on the left (`0.999 > x` is read as `x < 0.999`). */
export interface Comparison {
  metric: string;
  op: ComparisonOp;
  value: number;
  /** The comparison as written in the rule. */
  text: string;
}

const OPS: Record<string, ComparisonOp> = { Lss: '<', Lte: '<=', Gtr: '>', Gte: '>=' };
const FLIP: Record<ComparisonOp, ComparisonOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * The comparisons an alert fires on: at the top of its expression, inside parentheses, or on either
 * side of `and`/`or` and on the left of `unless` (its right side says when not to fire).
 * `x < bool 0.9` is not a condition (it yields 0 or 1 for every series), so it is not taken.
 */
export function comparisonsIn(expr: string): Comparison[] {
  const tree = parser.parse(expr);
  if (hasError(tree)) return [];
  const out: Comparison[] = [];
  const visit = (node: SyntaxNode | null): void => {
    if (!node) return;
    if (node.name === 'PromQL' || node.name === 'ParenExpr') return visit(firstExpr(node));
    if (node.name !== 'BinaryExpr') return;
    const [left, op, right] = binaryParts(node);
    if (!left || !op || !right) return;
    if (op.name === 'And' || op.name === 'Or') return void (visit(left), visit(right));
    if (op.name === 'Unless') return visit(left);
    const cmp = OPS[op.name];
    if (!cmp || node.getChild('BoolModifier')) return;
    const l = selectorOrNumber(left, expr);
    const r = selectorOrNumber(right, expr);
    const text = expr.slice(node.from, node.to);
    if (typeof l === 'string' && typeof r === 'number') out.push({ metric: l, op: cmp, value: r, text });
    else if (typeof l === 'number' && typeof r === 'string') out.push({ metric: r, op: FLIP[cmp], value: l, text });
  };
  visit(tree.topNode);
  return out;
}

/** The longest `[range]` of a range selector or subquery, in ms; null when there is none. */
export function longestRange(expr: string): number | null {
  const tree = parser.parse(expr);
  let longest: number | null = null;
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'MatrixSelector' && n.name !== 'SubqueryExpr') return;
      // A subquery's first duration is its range, the second its resolution.
      const range = n.node.getChild('DurationExpr');
      const ms = range ? durationMs(expr.slice(range.from, range.to)) : null;
      if (ms !== null && (longest === null || ms > longest)) longest = ms;
    },
  });
  return longest;
}

/**
 * `expr` with the range of every range selector of `rangeMs` written as `[{{.window}}]`: a rule's
 * SLI over one window (`sum(rate(x[5m])) / sum(rate(y[5m]))`) made into one for any window. Null
 * when the expression does not parse or has no such range.
 */
export function withRangePlaceholder(expr: string, rangeMs: number): string | null {
  const tree = parser.parse(expr);
  if (hasError(tree)) return null;
  const spans: Array<[number, number]> = [];
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'MatrixSelector') return;
      const range = n.node.getChild('DurationExpr');
      if (range && durationMs(expr.slice(range.from, range.to)) === rangeMs) spans.push([range.from, range.to]);
    },
  });
  if (spans.length === 0) return null;
  let out = expr;
  for (const [from, to] of spans.reverse()) out = `${out.slice(0, from)}{{.window}}${out.slice(to)}`;
  return out;
}

function durationMs(text: string): number | null {
  try {
    return parseDuration(text);
  } catch {
    return null;
  }
}

function hasError(tree: Tree): boolean {
  let found = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) found = true;
      return !found;
    },
  });
  return found;
}

function firstExpr(node: SyntaxNode): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (!c.type.isError && c.name !== '(' && c.name !== ')') return c;
  return null;
}

/** [left operand, operator, right operand]; modifiers (`on()`, `bool`) are skipped. */
function binaryParts(node: SyntaxNode): [SyntaxNode?, SyntaxNode?, SyntaxNode?] {
  const kids: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'MatchingModifierClause' && c.name !== 'BoolModifier') kids.push(c);
  }
  return [kids[0], kids[1], kids[2]];
}

/** A plain series (its metric name) or a number literal, through parentheses and a unary minus. */
function selectorOrNumber(node: SyntaxNode, expr: string): string | number | null {
  if (node.name === 'ParenExpr') {
    const inner = firstExpr(node);
    return inner ? selectorOrNumber(inner, expr) : null;
  }
  if (node.name === 'VectorSelector') {
    const id = node.getChild('Identifier');
    return id ? expr.slice(id.from, id.to) : null;
  }
  if (node.name === 'NumberDurationLiteral') {
    const n = Number(expr.slice(node.from, node.to));
    return Number.isFinite(n) ? n : null;
  }
  if (node.name === 'UnaryExpr') {
    const op = node.getChild('UnaryOp');
    const inner = node.lastChild;
    const v = inner && inner !== op ? selectorOrNumber(inner, expr) : null;
    if (typeof v !== 'number') return null;
    return expr.slice(op?.from ?? 0, op?.to ?? 0) === '-' ? -v : v;
  }
  return null;
}

/** A comparison inside a burn-rate alert: the series with its `=` matchers, against a constant expression. */
export interface BurnComparison extends Comparison {
  matchers: Record<string, string>;
}

/**
 * The multiwindow conditions of a burn-rate alert (Sloth's and Pyrra's shapes): `or` separates the
 * conditions, `and` joins the windows of one; comparisons may sit inside an aggregation
 * (`max(x > (14.4 * 0.001)) without (sloth_window)`) and the constant may be a product.
 */
export function burnConditionsIn(expr: string): BurnComparison[][] {
  const tree = parser.parse(expr);
  if (hasError(tree)) return [];
  const visit = (node: SyntaxNode | null): BurnComparison[][] => {
    if (!node) return [];
    if (node.name === 'PromQL' || node.name === 'ParenExpr') return visit(firstExpr(node));
    if (node.name === 'AggregateExpr') {
      const body = node.getChild('FunctionCallBody');
      return body ? visit(firstExpr(body)) : [];
    }
    if (node.name !== 'BinaryExpr') return [];
    const [left, op, right] = binaryParts(node);
    if (!left || !op || !right) return [];
    if (op.name === 'Or') return [...visit(left), ...visit(right)];
    if (op.name === 'And') {
      const l = visit(left);
      const r = visit(right);
      return l.flatMap((a) => r.map((b) => [...a, ...b]));
    }
    if (op.name === 'Unless') return visit(left);
    const cmp = OPS[op.name];
    if (!cmp || node.getChild('BoolModifier')) return [];
    const text = expr.slice(node.from, node.to);
    const l = selectorIn(left, expr);
    const rv = constantOf(right, expr);
    if (l && rv !== null) return [[{ ...l, op: cmp, value: rv, text }]];
    const r = selectorIn(right, expr);
    const lv = constantOf(left, expr);
    if (r && lv !== null) return [[{ ...r, op: FLIP[cmp], value: lv, text }]];
    return [];
  };
  return visit(tree.topNode);
}

function selectorIn(node: SyntaxNode, expr: string): { metric: string; matchers: Record<string, string> } | null {
  if (node.name === 'ParenExpr') {
    const inner = firstExpr(node);
    return inner ? selectorIn(inner, expr) : null;
  }
  if (node.name !== 'VectorSelector') return null;
  const id = node.getChild('Identifier');
  if (!id) return null;
  const matchers: Record<string, string> = {};
  node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher').forEach((m) => {
    const name = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (!name || !value || expr.slice(op?.from ?? 0, op?.to ?? 0) !== '=') return;
    matchers[expr.slice(name.from, name.to)] = unquote(expr.slice(value.from, value.to));
  });
  return { metric: expr.slice(id.from, id.to), matchers };
}

/** Number literals joined by + − × ÷ and parentheses, evaluated; anything else → null. */
function constantOf(node: SyntaxNode, expr: string): number | null {
  switch (node.name) {
    case 'NumberDurationLiteral': {
      const n = Number(expr.slice(node.from, node.to));
      return Number.isFinite(n) ? n : null;
    }
    case 'ParenExpr': {
      const inner = firstExpr(node);
      return inner ? constantOf(inner, expr) : null;
    }
    case 'UnaryExpr': {
      const op = node.getChild('UnaryOp');
      const inner = node.lastChild;
      const v = inner && inner !== op ? constantOf(inner, expr) : null;
      return v === null ? null : expr.slice(op?.from ?? 0, op?.to ?? 0) === '-' ? -v : v;
    }
    case 'BinaryExpr': {
      const [l, op, r] = binaryParts(node);
      const a = l ? constantOf(l, expr) : null;
      const b = r ? constantOf(r, expr) : null;
      if (a === null || b === null || !op) return null;
      const v = op.name === 'Mul' ? a * b : op.name === 'Div' ? a / b : op.name === 'Add' ? a + b : op.name === 'Sub' ? a - b : null;
      return v !== null && Number.isFinite(v) ? v : null;
    }
    default:
      return null;
  }
}

function unquote(text: string): string {
  const body = text.slice(1, -1);
  return text.startsWith('`') ? body : body.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}
