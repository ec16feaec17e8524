import { BURN_WINDOWS, BURN_WINDOW_MS, type BurnWindow, type SloDefinition } from '../../domain/slo/types.js';
import { batchExpr } from '../../sources/prometheus/batch.js';
import { complianceExpr, planCompliance, quantileExpr, windowPlan } from '../../sources/prometheus/slo/promql.js';
import { coverageExpr } from '../../sources/prometheus/slo/coverage.js';
import { SCRAPE, type SloFormulas } from '../world/metrics.js';
import type { Counter } from '../world/traffic.js';

/**
 * The demo Prometheus evaluates no PromQL. It knows the exact text of every query oncall sends for the
 * demo's SLOs, because it asks oncall's own query builders for them, and answers each from the world's
 * formulas. When the product changes how a query is written, this table is rebuilt with the new text;
 * a query it does not hold is answered with an error that says so (see server.ts).
 */

/** A query's value at unix time `t` (seconds). */
export type Answer = (t: number) => number;

interface Counts {
  part: Counter;
  total: Counter;
}

/**
 * Events a counter added over the `range` seconds before `t`, as Prometheus' increase() reports them:
 * from the first and last scrape inside the window, stretched to the whole window.
 */
function increase(counter: Counter, t: number, range: number): number {
  const first = Math.ceil((t - range) / SCRAPE) * SCRAPE;
  const last = Math.floor(t / SCRAPE) * SCRAPE;
  return last > first ? ((counter(last) - counter(first)) * range) / (last - first) : NaN;
}

/** The counters behind a counts plan: the SLI's good (or bad) events and all events. */
function countsOf(def: SloDefinition, f: SloFormulas): Counts | undefined {
  if (def.sli.kind === 'ratio' && f.part && f.total) return { part: f.part, total: f.total };
  if (def.sli.kind !== 'latency' || !f.buckets) return undefined;
  const le = Number(def.sli.le);
  const part = f.buckets.find(([bound]) => bound === le)?.[1];
  const total = f.buckets[f.buckets.length - 1]?.[1];
  return part && total ? { part, total } : undefined;
}

/** Prometheus' histogram_quantile over cumulative bucket counts: linear inside the bucket holding the rank. */
function histogramQuantile(q: number, buckets: Array<[number, number]>): number {
  const observed = buckets[buckets.length - 1]?.[1] ?? 0;
  if (!(observed > 0)) return NaN;
  const rank = q * observed;
  const b = buckets.findIndex(([, count]) => count >= rank);
  if (b === buckets.length - 1) return buckets[b - 1]?.[0] ?? NaN;
  const [start, below] = b > 0 ? buckets[b - 1]! : [0, 0];
  const [end, count] = buckets[b]!;
  return start + (end - start) * ((rank - below) / (count - below));
}

/** Every query the product builds for `defs`, with its answer; SLOs without formulas are left out. */
export function answerTable(defs: SloDefinition[], formulas: Record<string, SloFormulas>): Map<string, Answer> {
  const table = new Map<string, Answer>();
  for (const def of defs) {
    const f = formulas[def.name];
    if (!f) continue;
    const counts = countsOf(def, f);
    const windowSeconds = def.windowMs / 1000;
    const windows: Array<[BurnWindow | undefined, number]> = [[undefined, windowSeconds], ...BURN_WINDOWS.map((w): [BurnWindow, number] => [w, BURN_WINDOW_MS[w] / 1000])];
    // A ready ratio's good share over the `range` before t; the SLO window's may be a recorded series.
    const readyGood = (w: BurnWindow | undefined, range: number): Answer | undefined => {
      const good = f.goodRatio;
      if (w === undefined && f.recorded) return f.recorded;
      return good && ((t) => good(t - range, t));
    };
    for (const [w, range] of windows) {
      const plan = windowPlan(def, w);
      const good = plan?.kind === 'ready' ? readyGood(w, range) : undefined;
      let ratio: Answer | undefined;
      if (plan?.kind === 'counts' && counts) {
        table.set(plan.part, (t) => increase(counts.part, t, range));
        table.set(plan.total, (t) => increase(counts.total, t, range));
        const share: Answer = (t) => increase(counts.part, t, range) / increase(counts.total, t, range);
        ratio = plan.measures === 'good' ? share : (t) => 1 - share(t);
      } else if (plan?.kind === 'ready' && good) {
        table.set(plan.expr, plan.measures === 'good' ? good : (t) => 1 - good(t));
        ratio = good;
      }
      // The good ratio as one expression: the trend (the SLO window) and the history's bad stretches (1h).
      for (const q of [planCompliance(plan), w === undefined ? complianceExpr(def) : null]) if (q && ratio) table.set(q, ratio);
    }
    // The demo's world has always been running: its data covers every window.
    const coverage = coverageExpr(def);
    if (coverage) table.set(coverage, () => windowSeconds);
    const quantile = quantileExpr(def);
    const buckets = f.buckets;
    if (quantile && buckets && def.critical?.kind === 'quantile_above') {
      const q = def.critical.quantile;
      table.set(quantile, (t) => histogramQuantile(q, buckets.map(([le, c]) => [le, increase(c, t, windowSeconds)])));
    }
  }
  return table;
}

/**
 * The answers of a batch (src/sources/prometheus/batch.ts) of known queries, in the batch's order; null
 * when `query` is not one. Recognised by rebuilding the batch with batchExpr, a query at a time: the next
 * part is, nearly always, the known query whose text comes first after what is already matched.
 */
export function batchAnswers(query: string, table: Map<string, Answer>): Answer[] | null {
  const present = [...table.keys()].filter((q) => query.includes(q));
  const parts: string[] = [];
  let matched = '';
  while (parts.length === 0 || matched !== query) {
    const next = present
      .map((q) => ({ q, at: query.indexOf(q, matched.length) }))
      .filter((c) => c.at >= 0)
      .sort((a, b) => a.at - b.at || b.q.length - a.q.length)
      .find((c) => query.startsWith(batchExpr([...parts, c.q])));
    if (next === undefined) return null;
    parts.push(next.q);
    matched = batchExpr(parts);
  }
  return parts.map((q) => table.get(q)!);
}
