import type { Labels } from '../../domain/types.js';
import type { Aggregate, Binary, Expr, LabelMatcher, VectorSelector } from './ast.js';
import { COMPARE_OPS } from './ast.js';
import { evalCall, type CallContext } from './functions.js';
import { anchored } from './parser.js';
import { labelsKey, omit, pick, withoutName, type InstantSample, type SeriesSource, type SyntheticSeries } from './series.js';

/** Evaluates a parsed expression at one instant, with Prometheus' labelling and matching rules. */

export type Value = { kind: 'scalar'; value: number } | { kind: 'vector'; samples: InstantSample[] };

/** A failure while evaluating (Prometheus answers these with 422 errorType "execution"). */
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

const regexes = new Map<string, RegExp>();

function matches(m: LabelMatcher, labels: Labels): boolean {
  const actual = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return actual === m.value;
    case '!=':
      return actual !== m.value;
    default: {
      let re = regexes.get(m.value);
      if (!re) {
        re = anchored(m.value);
        regexes.set(m.value, re);
      }
      return re.test(actual) === (m.op === '=~');
    }
  }
}

/**
 * Matches per source, by selector: a range query evaluates the same selectors at each of its steps, and a
 * batched SLO query repeats one selector per window. Series are only ever added to a source, so a count
 * that changed means the cache is stale. Bounded, since queries come from outside.
 */
const selections = new WeakMap<SeriesSource, { count: number; byMatchers: Map<string, SyntheticSeries[]> }>();
const selectorKeys = new WeakMap<VectorSelector, string>();
const MAX_SELECTIONS = 1000;

/** The series a selector matches; the array is shared, so callers must not change it. */
export function selectSeries(source: SeriesSource, selector: VectorSelector): SyntheticSeries[] {
  let cache = selections.get(source);
  if (!cache || cache.count !== source.series.length) {
    cache = { count: source.series.length, byMatchers: new Map() };
    selections.set(source, cache);
  }
  let key = selectorKeys.get(selector);
  if (key === undefined) {
    key = JSON.stringify(selector.matchers.map((m) => [m.name, m.op, m.value]));
    selectorKeys.set(selector, key);
  }
  let selected = cache.byMatchers.get(key);
  if (!selected) {
    selected = source.series.filter((s) => selector.matchers.every((m) => matches(m, s.labels)));
    if (cache.byMatchers.size >= MAX_SELECTIONS) cache.byMatchers.clear();
    cache.byMatchers.set(key, selected);
  }
  return selected;
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    default:
      return a <= b;
  }
}

function showLabels(labels: Labels): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}

export class Evaluator {
  constructor(
    private readonly source: SeriesSource,
    private readonly t: number,
  ) {}

  eval(expr: Expr): Value {
    switch (expr.type) {
      case 'number':
        return { kind: 'scalar', value: expr.value };
      case 'string':
        throw new EvalError('a string cannot be evaluated as a number here');
      case 'paren':
        return this.eval(expr.expr);
      case 'unary': {
        const inner = this.eval(expr.expr);
        if (expr.op === '+') return inner;
        if (inner.kind === 'scalar') return { kind: 'scalar', value: -inner.value };
        return { kind: 'vector', samples: inner.samples.map((s) => ({ labels: withoutName(s.labels), value: -s.value })) };
      }
      case 'selector': {
        const ts = Math.floor(this.t / this.source.interval) * this.source.interval;
        return { kind: 'vector', samples: selectSeries(this.source, expr).map((s) => ({ labels: { ...s.labels }, value: s.at(ts) })) };
      }
      case 'matrix':
        throw new EvalError('a range vector cannot be evaluated as an instant value here');
      case 'call':
        return { kind: 'vector', samples: evalCall(expr, this.callContext()) };
      case 'aggregate':
        return { kind: 'vector', samples: this.aggregate(expr) };
      case 'binary':
        return this.binary(expr);
    }
  }

  scalar(expr: Expr): number {
    const v = this.eval(expr);
    if (v.kind !== 'scalar') throw new EvalError('expected a scalar');
    return v.value;
  }

  vector(expr: Expr): InstantSample[] {
    const v = this.eval(expr);
    if (v.kind !== 'vector') throw new EvalError('expected an instant vector');
    return v.samples;
  }

  private callContext(): CallContext {
    return {
      t: this.t,
      source: this.source,
      selectSeries: (e) => selectSeries(this.source, e as VectorSelector),
      scalar: (e) => this.scalar(e),
      vector: (e) => this.vector(e),
      string: (e) => stringOf(e),
    };
  }

  private aggregate(expr: Aggregate): InstantSample[] {
    const groups = new Map<string, { labels: Labels; values: number[] }>();
    for (const s of this.vector(expr.expr)) {
      const g = expr.grouping;
      const labels = !g ? {} : g.without ? omit(withoutName(s.labels), g.labels) : pick(s.labels, g.labels);
      const key = labelsKey(labels);
      const group = groups.get(key) ?? { labels, values: [] };
      group.values.push(s.value);
      groups.set(key, group);
    }
    return [...groups.values()].map(({ labels, values }) => ({ labels, value: reduce(expr.op, values) }));
  }

  private binary(expr: Binary): Value {
    const lhs = this.eval(expr.lhs);
    const rhs = this.eval(expr.rhs);
    const isCompare = COMPARE_OPS.includes(expr.op);
    if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
      const value = isCompare ? (compare(expr.op, lhs.value, rhs.value) ? 1 : 0) : arith(expr.op, lhs.value, rhs.value);
      return { kind: 'scalar', value };
    }
    if (lhs.kind === 'vector' && rhs.kind === 'vector') return { kind: 'vector', samples: this.vectorBinary(expr, lhs.samples, rhs.samples) };
    const swap = lhs.kind === 'scalar';
    const samples = (swap ? rhs : lhs) as { samples: InstantSample[] };
    const scalar = (swap ? lhs : rhs) as { value: number };
    const out: InstantSample[] = [];
    for (const s of samples.samples) {
      const [l, r] = swap ? [scalar.value, s.value] : [s.value, scalar.value];
      if (!isCompare) out.push({ labels: withoutName(s.labels), value: arith(expr.op, l, r) });
      else if (expr.returnBool) out.push({ labels: withoutName(s.labels), value: compare(expr.op, l, r) ? 1 : 0 });
      // A filtering comparison keeps the vector's own value, even with the scalar on the left.
      else if (compare(expr.op, l, r)) out.push({ labels: s.labels, value: s.value });
    }
    return { kind: 'vector', samples: out };
  }

  private vectorBinary(expr: Binary, lhs: InstantSample[], rhs: InstantSample[]): InstantSample[] {
    const m = expr.matching;
    const signature = (labels: Labels): string =>
      labelsKey(!m ? withoutName(labels) : m.on ? pick(labels, m.labels) : omit(withoutName(labels), m.labels));
    if (expr.op === 'or') {
      const seen = new Set(lhs.map((s) => signature(s.labels)));
      return [...lhs, ...rhs.filter((s) => !seen.has(signature(s.labels)))];
    }
    const right = new Map<string, InstantSample>();
    for (const s of rhs) {
      const sig = signature(s.labels);
      if (right.has(sig)) {
        throw new EvalError(
          `found duplicate series for the match group ${sig} on the right hand-side of the operation: [${showLabels(right.get(sig)!.labels)}, ${showLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      right.set(sig, s);
    }
    const isCompare = COMPARE_OPS.includes(expr.op);
    const usedLeft = new Set<string>();
    const out: InstantSample[] = [];
    for (const l of lhs) {
      const sig = signature(l.labels);
      const r = right.get(sig);
      if (!r) continue;
      if (usedLeft.has(sig)) throw new EvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      usedLeft.add(sig);
      let value: number;
      if (!isCompare) value = arith(expr.op, l.value, r.value);
      else if (expr.returnBool) value = compare(expr.op, l.value, r.value) ? 1 : 0;
      else if (compare(expr.op, l.value, r.value)) value = l.value;
      else continue;
      let labels = !isCompare || expr.returnBool ? withoutName(l.labels) : { ...l.labels };
      if (m) labels = m.on ? pick(labels, m.labels) : omit(labels, m.labels);
      out.push({ labels, value });
    }
    return out;
  }
}

/** A string argument, as Prometheus reads one: the literal, inside any parentheses. */
function stringOf(expr: Expr): string {
  if (expr.type === 'paren') return stringOf(expr.expr);
  if (expr.type !== 'string') throw new EvalError('expected a string');
  return expr.value;
}

function reduce(op: Aggregate['op'], values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'count':
      return values.length;
    case 'min':
      // As Prometheus: a NaN is replaced by any real value that follows it.
      return values.reduce((a, b) => (b < a || Number.isNaN(a) ? b : a));
    case 'max':
      return values.reduce((a, b) => (b > a || Number.isNaN(a) ? b : a));
  }
}

/** Prometheus refuses a result with two samples of the same label set. */
export function checkUnique(samples: InstantSample[]): void {
  const seen = new Set<string>();
  for (const s of samples) {
    const key = labelsKey(s.labels);
    if (seen.has(key)) throw new EvalError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}
