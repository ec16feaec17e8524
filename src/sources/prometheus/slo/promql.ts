/**
 * PromQL for SLOs. The demo's Prometheus learns its queries from these builders (src/demo/prometheus/
 * answers.ts), so a query can change shape here without a change there. A user's expression placed
 * inside ours goes through embeddable(), so a trailing `# comment` cannot swallow what we put after it.
 */
import type { BurnWindow, SloDefinition } from '../../../domain/slo/types.js';
import { embeddable } from '../embed.js';

const PLACEHOLDER = /\{\{\s*\.window\s*\}\}|\$window\b/g;

/** 30d → "30d", 90m → "1h30m": Prometheus durations, largest units first. */
export function promDuration(ms: number): string {
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  let rest = Math.max(1000, Math.round(ms / 1000) * 1000);
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

export function hasWindowPlaceholder(expr: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(expr);
}

export function withWindow(expr: string, range: string): string {
  return expr.replace(PLACEHOLDER, range);
}

/** A counter selector → events in the window; an expression with {{.window}} is used as written. */
export function eventsOver(selectorOrExpr: string, range: string): string {
  if (hasWindowPlaceholder(selectorOrExpr)) return withWindow(selectorOrExpr, range);
  return `sum(increase(${embeddable(selectorOrExpr)}[${range}]))`;
}

/** Escapes a label value for a double-quoted PromQL string. */
export function quoteLabel(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `{job="search"}` + `le="1"` → `metric{job="search",le="1"}`. */
export function selectorWith(metric: string, selector: string, ...extra: string[]): string {
  const inner = selector.trim().replace(/^\{/, '').replace(/\}$/, '').trim().replace(/,\s*$/, '');
  // trim() took the newline that ended a comment inside the braces; embeddable() puts it back.
  const parts = [embeddable(inner), ...extra].filter((p) => p !== '');
  return parts.length > 0 ? `${metric}{${parts.join(',')}}` : metric;
}

/**
 * Matches a bucket bound however the exporter wrote it: Go clients write le="1", Python clients
 * and Prometheus 3 (which normalises le) write le="1.0". An exact le="1" would find nothing there.
 */
export function leMatcher(le: string): string {
  const n = Number(le);
  if (Number.isInteger(n)) return `le=~${quoteLabel(`${n}(\\.0+)?`)}`;
  return `le=${quoteLabel(String(n))}`;
}

/** What to send for one window: two event counts (divided by us, so 0/0 shows) or a ready ratio. */
export type WindowPlan =
  | { kind: 'counts'; part: string; total: string; measures: 'good' | 'bad' }
  | { kind: 'ready'; expr: string; measures: 'good' | 'bad' };

/** The plan for the SLO window (`window` undefined) or one burn window; null when there is none. */
export function windowPlan(def: SloDefinition, window?: BurnWindow, windowMs?: number): WindowPlan | null {
  const range = window ?? promDuration(windowMs ?? def.windowMs);
  const sli = def.sli;
  switch (sli.kind) {
    case 'ratio': {
      const measures = sli.good !== undefined ? 'good' : 'bad';
      const part = (sli.good ?? sli.bad)!;
      return { kind: 'counts', part: eventsOver(part, range), total: eventsOver(sli.total, range), measures };
    }
    case 'latency': {
      const bucket = selectorWith(`${sli.metric}_bucket`, sli.selector, leMatcher(sli.le));
      const count = selectorWith(`${sli.metric}_count`, sli.selector);
      return { kind: 'counts', part: `sum(increase(${bucket}[${range}]))`, total: `sum(increase(${count}[${range}]))`, measures: 'good' };
    }
    case 'query': {
      if (window === undefined) return { kind: 'ready', expr: withWindow(sli.query, range), measures: sli.measures };
      const expr = sli.windows?.[window] ?? (sli.burnQuery ?? (hasWindowPlaceholder(sli.query) ? sli.query : undefined));
      return expr === undefined ? null : { kind: 'ready', expr: withWindow(expr, range), measures: sli.measures };
    }
  }
}

/** One expression giving the good ratio over the SLO window, for the trend's range query. */
export function complianceExpr(def: SloDefinition): string | null {
  return planCompliance(windowPlan(def));
}

/** The good ratio of one plan, as a single expression (a range query cannot divide two answers). */
export function planCompliance(plan: WindowPlan | null): string | null {
  if (!plan) return null;
  if (plan.kind === 'ready') return plan.measures === 'good' ? plan.expr : `1 - (${embeddable(plan.expr)})`;
  const ratio = `(${embeddable(plan.part)}) / (${embeddable(plan.total)})`;
  return plan.measures === 'good' ? ratio : `1 - ${ratio}`;
}

/** p95 (or whichever quantile the critical threshold names) over the whole window. */
export function quantileExpr(def: SloDefinition): string | null {
  if (def.sli.kind !== 'latency' || def.critical?.kind !== 'quantile_above') return null;
  const bucket = selectorWith(`${def.sli.metric}_bucket`, def.sli.selector);
  return `histogram_quantile(${def.critical.quantile}, sum by (le) (increase(${bucket}[${promDuration(def.windowMs)}])))`;
}

/** Range-query step: about `points` points over the window, never under 60s, never over 11,000 points. */
export function trendStepSeconds(windowMs: number, points = 120): number {
  const span = windowMs / 1000;
  return Math.max(60, Math.ceil(span / points), Math.ceil(span / 11_000));
}
