import type { Labels } from '../../domain/types.js';
import { checkUnique, EvalError, Evaluator, selectSeries } from './eval.js';
import { parse, typeOf } from './parser.js';
import { sampleWindow } from './range.js';
import { labelsKey, type SeriesSource } from './series.js';

/** Instant and range queries, answered in the exact `data` shape of Prometheus' /api/v1. */

export type WireResult =
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'vector'; result: Array<{ metric: Labels; value: [number, string] }> }
  | { resultType: 'matrix'; result: Array<{ metric: Labels; values: Array<[number, string]> }> };

/** Go's strconv with Prometheus' switch to exponent form below 1e-6 and from 1e21: "1e-07", "+Inf", "NaN". */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** The order results are listed in: label pairs sorted by name, compared as their JSON text. */
function sortKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function byLabels<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Rows sorted by their labels, each sort key computed once. */
function sorted<T extends { metric: Labels }>(rows: T[]): T[] {
  return rows
    .map((row) => ({ row, key: sortKey(row.metric) }))
    .sort(byLabels)
    .map((x) => x.row);
}

/** Milliseconds precision, as Prometheus reports timestamps. */
function seconds(t: number): number {
  return Math.round(t * 1000) / 1000;
}

export function instantQuery(source: SeriesSource, query: string, t: number): WireResult {
  const expr = parse(query);
  const ts = seconds(t);
  if (expr.type === 'matrix') {
    const result = selectSeries(source, expr.selector).map((s) => {
      const w = sampleWindow(t, expr.range, source.interval);
      const values: Array<[number, string]> = [];
      if (w) for (let x = w.first; x <= w.last; x += source.interval) values.push([x, formatValue(s.at(x))]);
      return { metric: { ...s.labels }, values };
    });
    return { resultType: 'matrix', result: sorted(result) };
  }
  if (typeOf(expr) === 'matrix') throw new EvalError('a range vector cannot be returned here');
  const value = new Evaluator(source, t).eval(expr);
  if (value.kind === 'scalar') return { resultType: 'scalar', result: [ts, formatValue(value.value)] };
  checkUnique(value.samples);
  const result = value.samples.map((s) => ({ metric: s.labels, value: [ts, formatValue(s.value)] as [number, string] }));
  return { resultType: 'vector', result: sorted(result) };
}

export function rangeQuery(source: SeriesSource, query: string, start: number, end: number, step: number): WireResult {
  const expr = parse(query);
  const type = typeOf(expr);
  if (type === 'matrix') throw new EvalError(`invalid expression type "range vector" for range query, must be Scalar or instant Vector`);
  const series = new Map<string, { metric: Labels; values: Array<[number, string]> }>();
  for (let t = start; t <= end; t += step) {
    const value = new Evaluator(source, t).eval(expr);
    const samples = value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
    if (value.kind === 'vector') checkUnique(samples);
    for (const s of samples) {
      const key = labelsKey(s.labels);
      const entry = series.get(key) ?? { metric: s.labels, values: [] };
      entry.values.push([seconds(t), formatValue(s.value)]);
      series.set(key, entry);
    }
  }
  return { resultType: 'matrix', result: sorted([...series.values()]) };
}
