/**
 * `oncall slo --history`: two range queries per SLO. Bad stretches tile the range with short windows
 * (`increase()` over each step, the step as long as the window), so each point is the SLI of its own
 * step; breaches read the window-long compliance at a step of at least 1h. Both stay under
 * Prometheus' 11,000 points per series.
 */
import { isOncallError } from '../../../domain/errors.js';
import { periodsBelow, worstPoint, type HistoryReading, type SloHistory } from '../../../domain/slo/history.js';
import { BURN_WINDOW_MS, BURN_WINDOWS, type SloDefinition } from '../../../domain/slo/types.js';
import { hasWindowPlaceholder, planCompliance, promDuration, windowPlan, withWindow, type WindowPlan } from './promql.js';
import { readTrend, type SloPrometheus } from './read.js';

const MAX_POINTS = 11_000;
const HOUR = 3600;

export interface HistoryOptions {
  /** The short window of the bad stretches; default 1h. */
  shortWindowMs?: number;
}

/** The short-window plan: a query SLI without a {{.window}} placeholder needs a recorded series for that window. */
function shortPlan(def: SloDefinition, windowMs: number): WindowPlan | null {
  const sli = def.sli;
  if (sli.kind !== 'query' || hasWindowPlaceholder(sli.query)) return windowPlan(def, undefined, windowMs);
  const named = BURN_WINDOWS.find((w) => BURN_WINDOW_MS[w] === windowMs);
  const expr = named ? (sli.windows?.[named] ?? sli.burnQuery) : sli.burnQuery;
  if (expr === undefined) return null;
  return { kind: 'ready', expr: withWindow(expr, promDuration(windowMs)), measures: sli.measures };
}

const run = <T>(task: () => Promise<T>): Promise<T> => task();

export async function readHistory(prom: SloPrometheus, def: SloDefinition, now: Date, rangeMs: number, opts: HistoryOptions = {}): Promise<SloHistory> {
  const span = rangeMs / 1000;
  const endSec = Math.floor(now.getTime() / 1000);
  // The step of the bad stretches is their window: enlarged only when the range would need too many points.
  const shortSec = Math.max((opts.shortWindowMs ?? HOUR * 1000) / 1000, Math.ceil(span / MAX_POINTS / 60) * 60);
  const breachStep = Math.max(HOUR, Math.ceil(span / MAX_POINTS / 60) * 60);
  const short = planCompliance(shortPlan(def, shortSec * 1000));
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
    readTrend(prom, long, new Date((endSec - span) * 1000), now, breachStep, run),
  ]);
  const reading = (query: string, w: string, step: number, threshold: number, points: Array<[number, number]>, error?: string): HistoryReading => ({
    query, window: w, stepSeconds: step, threshold, periods: error ? [] : periodsBelow(points, threshold, step, endSec), ...(error ? { error } : {}),
  });
  const critical = def.critical?.kind === 'below' ? def.critical.ratio : null;
  return {
    from: new Date((endSec - span) * 1000),
    to: now,
    badStretches: reading(bad.query, shortName, shortSec, def.objective, bad.points, bad.error),
    outages: critical === null ? null : reading(bad.query, shortName, shortSec, critical, bad.points, bad.error),
    breaches: reading(long, def.window, breachStep, def.objective, window.points, window.error),
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
      out.set(def.id, { error: isOncallError(err) ? err.toLine() : err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
