/**
 * `oncall slo --history`: two range queries per SLO. Bad stretches tile the range with short windows
 * (`increase()` over each step, the step as long as the window), so each point is the SLI of its own
 * step; breaches read the window-long compliance at a step of at least 1h. Both stay under
 * Prometheus' 11,000 points per series.
 */
import { errorLine } from '../../../domain/errors.js';
import { periodsBelow, worstPoint, type HistoryReading, type SloHistory } from '../../../domain/slo/history.js';
import { BURN_WINDOW_MS, BURN_WINDOWS, type SloDefinition } from '../../../domain/slo/types.js';
import { embeddable } from '../embed.js';
import { hasWindowPlaceholder, planCompliance, promDuration, windowPlan, withWindow, type WindowPlan } from './promql.js';
import { readTrend, type SloPrometheus } from './read.js';
import type { TrendReading } from '../../../domain/slo/report.js';

const MAX_POINTS = 11_000;
const HOUR = 3600;

export interface HistoryOptions {
  /** The short window of the bad stretches; default 1h. */
  shortWindowMs?: number;
}

/** The short-window plan: a query SLI without a {{.window}} placeholder needs a recorded series for that window. */
function shortPlan(def: SloDefinition, windowMs: number): (WindowPlan & { note?: string }) | null {
  const sli = def.sli;
  if (sli.kind !== 'query' || hasWindowPlaceholder(sli.query)) return windowPlan(def, undefined, windowMs);
  const named = BURN_WINDOWS.find((w) => BURN_WINDOW_MS[w] === windowMs);
  const expr = named ? (sli.windows?.[named] ?? sli.burnQuery) : sli.burnQuery;
  if (expr !== undefined) return { kind: 'ready', expr: withWindow(expr, promDuration(windowMs)), measures: sli.measures };
  // No recorded series for the short window: the rule's own expression, its window range made short.
  const own = ruleExpr(def);
  const range = `[${promDuration(def.windowMs)}]`;
  if (!own || !own.includes(range)) return null;
  const note = `no recorded ${promDuration(windowMs)} series: the rule's own expression with a ${promDuration(windowMs)} range`;
  return { kind: 'ready', expr: own.split(range).join(`[${promDuration(windowMs)}]`), measures: sli.measures, note };
}

/** A recording rule's own expression as one series (the recorded one is `max(...)` of it too). */
function ruleExpr(def: SloDefinition): string | null {
  return def.sli.kind === 'query' && def.sli.ruleQuery ? `max(${embeddable(def.sli.ruleQuery)})` : null;
}

/**
 * The window compliance over [from, to]: the recorded series, and where it has no data at the start of
 * the range (it exists only since the rule was loaded), the rule's own expression before it, said so.
 */
async function windowCompliance(prom: SloPrometheus, def: SloDefinition, long: string, fromSec: number, now: Date, step: number): Promise<TrendReading & { note?: string }> {
  const recorded = await readTrend(prom, long, new Date(fromSec * 1000), now, step, run);
  const own = ruleExpr(def);
  if (recorded.error || !own || def.sli.kind !== 'query') return recorded;
  const first = recorded.points.find(([, v]) => Number.isFinite(v))?.[0];
  if (first !== undefined && first <= fromSec + step) return recorded;
  const until = first === undefined ? now.getTime() / 1000 : first - step;
  const ownExpr = planCompliance({ kind: 'ready', expr: own, measures: def.sli.measures })!;
  const older = await readTrend(prom, ownExpr, new Date(fromSec * 1000), new Date(until * 1000), step, run);
  if (older.error) return { ...recorded, note: `the recorded series starts at ${first === undefined ? 'no point in the range' : new Date(first * 1000).toISOString()}; its rule's expression failed: ${older.error}` };
  const since = first === undefined ? 'has no data in the range' : `starts at ${new Date(first * 1000).toISOString()}`;
  return {
    query: `${long}\nbefore it: ${ownExpr}`,
    stepSeconds: step,
    points: [...older.points.filter(([t]) => first === undefined || t < first), ...recorded.points.filter(([, v]) => Number.isFinite(v))],
    note: `the recorded series ${since}: before it, the rule's own expression was evaluated`,
  };
}

const run = <T>(task: () => Promise<T>): Promise<T> => task();

export async function readHistory(prom: SloPrometheus, def: SloDefinition, now: Date, rangeMs: number, opts: HistoryOptions = {}): Promise<SloHistory> {
  const span = rangeMs / 1000;
  const endSec = Math.floor(now.getTime() / 1000);
  // The step of the bad stretches is their window: enlarged only when the range would need too many points.
  const shortSec = Math.max((opts.shortWindowMs ?? HOUR * 1000) / 1000, Math.ceil(span / MAX_POINTS / 60) * 60);
  const breachStep = Math.max(HOUR, Math.ceil(span / MAX_POINTS / 60) * 60);
  const shortFrom = shortPlan(def, shortSec * 1000);
  const short = planCompliance(shortFrom);
  const shortNote = shortFrom?.note ? { note: shortFrom.note } : {};
  const long = planCompliance(windowPlan(def));
  if (!long) throw new Error(`SLO "${def.name}" has no query for its window`);
  // Aligned on the step, so the tiles fall on round times and the same stretch reads the same each time.
  const shortStart = Math.floor((endSec - span) / shortSec) * shortSec;
  const shortEnd = Math.floor(endSec / shortSec) * shortSec;
  const shortName = promDuration(shortSec * 1000);
  // Without one (a recorded series for the SLO window only), the breaches can still be read.
  const noShort = { query: '', stepSeconds: shortSec, points: [], error: `no ${shortName} query for this SLO (no recorded ${shortName} series, no {{.window}} in its query)` };
  const [bad, window] = await Promise.all([
    short ? readTrend(prom, short, new Date((shortStart + shortSec) * 1000), new Date(shortEnd * 1000), shortSec, run) : Promise.resolve(noShort),
    windowCompliance(prom, def, long, endSec - span, now, breachStep),
  ]);
  const reading = (query: string, w: string, step: number, threshold: number, points: Array<[number, number]>, error?: string): HistoryReading => ({
    query, window: w, stepSeconds: step, threshold, periods: error ? [] : periodsBelow(points, threshold, step, endSec), ...(error ? { error } : {}),
  });
  const critical = def.critical?.kind === 'below' ? def.critical.ratio : null;
  return {
    from: new Date((endSec - span) * 1000),
    to: now,
    badStretches: { ...reading(bad.query, shortName, shortSec, def.objective, bad.points, bad.error), ...shortNote },
    outages: critical === null ? null : { ...reading(bad.query, shortName, shortSec, critical, bad.points, bad.error), ...shortNote },
    breaches: { ...reading(window.query, def.window, breachStep, def.objective, window.points, window.error), ...(window.note ? { note: window.note } : {}) },
    worst: window.error ? null : worstPoint(window.points),
  };
}

/** Every SLO's history, one SLO at a time (two queries in flight), a failure kept to its SLO. */
export async function readHistories(prom: SloPrometheus, defs: SloDefinition[], now: Date, rangeMs: number, opts: HistoryOptions = {}): Promise<Map<string, SloHistory | { error: string }>> {
  const out = new Map<string, SloHistory | { error: string }>();
  for (const def of defs) {
    try {
      out.set(def.id, await readHistory(prom, def, now, rangeMs, opts));
    } catch (err) {
      out.set(def.id, { error: errorLine(err) });
    }
  }
  return out;
}
