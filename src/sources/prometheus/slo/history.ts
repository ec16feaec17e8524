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
import { hasWindowPlaceholder, planCompliance, promDuration, windowPlan, withWindow } from './promql.js';
import { withRangePlaceholder } from './shapes.js';
import { readTrend, type SloPrometheus } from './read.js';
import type { TrendReading } from '../../../domain/slo/report.js';

const MAX_POINTS = 11_000;
const HOUR = 3600;

export interface HistoryOptions {
  /** The short window of the bad stretches; default 1h. */
  shortWindowMs?: number;
}

/** An expression over the raw series, for where a recorded series has no data; and how to say so. */
interface Fallback {
  expr: string;
  says: string;
}

/**
 * The good ratio over `range` from the rules' own expressions: an `sla:` rule's (its window range
 * made `range`), or Sloth's and Pyrra's raw SLI rules'. Null when there is none.
 */
function rawOver(def: SloDefinition, range: string): Fallback | null {
  const sli = def.sli;
  if (sli.kind !== 'query') return null;
  const window = promDuration(def.windowMs);
  if (sli.ruleQuery) {
    if (range === window) return { expr: planCompliance({ kind: 'ready', expr: `max(${embeddable(sli.ruleQuery)})`, measures: sli.measures })!, says: "the rule's own expression" };
    const any = withRangePlaceholder(sli.ruleQuery, def.windowMs);
    if (!any) return null;
    return { expr: planCompliance({ kind: 'ready', expr: `max(${embeddable(withWindow(any, range))})`, measures: sli.measures })!, says: `the rule's own expression with a ${range} range` };
  }
  if (!sli.rawQuery) return null;
  return { expr: planCompliance({ kind: 'ready', expr: withWindow(sli.rawQuery, range), measures: sli.measures })!, says: `the SLI rules' own expression with a ${range} range` };
}

/** The bad stretches' query: a query SLI without a {{.window}} placeholder needs a recorded series for that window, else the rules' own expression. */
export function shortPlan(def: SloDefinition, windowMs: number): { expr: string; fallback?: Fallback; note?: string } | null {
  const sli = def.sli;
  if (sli.kind !== 'query' || hasWindowPlaceholder(sli.query)) {
    const expr = planCompliance(windowPlan(def, undefined, windowMs));
    return expr ? { expr } : null;
  }
  const range = promDuration(windowMs);
  const named = BURN_WINDOWS.find((w) => BURN_WINDOW_MS[w] === windowMs);
  const recorded = named ? (sli.windows?.[named] ?? sli.burnQuery) : sli.burnQuery;
  const raw = rawOver(def, range);
  if (recorded !== undefined) return { expr: planCompliance({ kind: 'ready', expr: withWindow(recorded, range), measures: sli.measures })!, ...(raw ? { fallback: raw } : {}) };
  return raw ? { expr: raw.expr, note: `no recorded ${range} series: ${raw.says}` } : null;
}

/**
 * `expr` over [from, to]; where it has no data at the start of the range (a recorded series exists
 * only since its rule was loaded), the fallback before it, said so.
 */
async function stitched(prom: SloPrometheus, expr: string, fallback: Fallback | null | undefined, from: Date, to: Date, step: number): Promise<TrendReading & { note?: string }> {
  const recorded = await readTrend(prom, expr, from, to, step, run);
  if (recorded.error || !fallback) return recorded;
  const fromSec = from.getTime() / 1000;
  const first = recorded.points.find(([, v]) => Number.isFinite(v))?.[0];
  if (first !== undefined && first <= fromSec + step) return recorded;
  const until = first === undefined ? to.getTime() / 1000 : first - step;
  const older = await readTrend(prom, fallback.expr, from, new Date(until * 1000), step, run);
  if (older.error) return { ...recorded, note: `the recorded series starts at ${first === undefined ? 'no point in the range' : new Date(first * 1000).toISOString()}; ${fallback.says} failed: ${older.error}` };
  const since = first === undefined ? 'has no data in the range' : `starts at ${new Date(first * 1000).toISOString()}`;
  const warnings = [...new Set([...(recorded.warnings ?? []), ...(older.warnings ?? [])])];
  return {
    query: `${expr}\nbefore it: ${fallback.expr}`,
    ...(warnings.length ? { warnings } : {}),
    stepSeconds: step,
    points: [...older.points.filter(([t]) => first === undefined || t < first), ...recorded.points.filter(([, v]) => Number.isFinite(v))],
    note: `the recorded series ${since}: before it, ${fallback.says} was evaluated`,
  };
}

const run = <T>(task: () => Promise<T>): Promise<T> => task();

export async function readHistory(prom: SloPrometheus, def: SloDefinition, now: Date, rangeMs: number, opts: HistoryOptions = {}): Promise<SloHistory> {
  const span = rangeMs / 1000;
  const endSec = Math.floor(now.getTime() / 1000);
  // The step of the bad stretches is their window: enlarged only when the range would need too many points.
  const shortSec = Math.max((opts.shortWindowMs ?? HOUR * 1000) / 1000, Math.ceil(span / MAX_POINTS / 60) * 60);
  const breachStep = Math.max(HOUR, Math.ceil(span / MAX_POINTS / 60) * 60);
  const short = shortPlan(def, shortSec * 1000);
  const long = planCompliance(windowPlan(def));
  if (!long) throw new Error(`SLO "${def.name}" has no query for its window`);
  // Aligned on the step, so the tiles fall on round times and the same stretch reads the same each time.
  const shortStart = Math.floor((endSec - span) / shortSec) * shortSec;
  const shortEnd = Math.floor(endSec / shortSec) * shortSec;
  const shortName = promDuration(shortSec * 1000);
  // Without one (a recorded series for the SLO window only), the breaches can still be read.
  const noShort: TrendReading & { note?: string } = { query: '', stepSeconds: shortSec, points: [], error: `no ${shortName} query for this SLO (no recorded ${shortName} series, no {{.window}} in its query)` };
  const [bad, window] = await Promise.all([
    short ? stitched(prom, short.expr, short.fallback, new Date((shortStart + shortSec) * 1000), new Date(shortEnd * 1000), shortSec) : Promise.resolve(noShort),
    stitched(prom, long, rawOver(def, promDuration(def.windowMs)), new Date((endSec - span) * 1000), now, breachStep),
  ]);
  const badNote = short?.note ?? bad.note;
  const shortNote = badNote ? { note: badNote } : {};
  const reading = (query: string, w: string, step: number, threshold: number, points: Array<[number, number]>, error?: string, warnings?: string[]): HistoryReading => ({
    query, window: w, stepSeconds: step, threshold, periods: error ? [] : periodsBelow(points, threshold, step, endSec), ...(error ? { error } : {}), ...(warnings?.length ? { warnings } : {}),
  });
  const critical = def.critical?.kind === 'below' ? def.critical.ratio : null;
  return {
    from: new Date((endSec - span) * 1000),
    to: now,
    badStretches: { ...reading(bad.query, shortName, shortSec, def.objective, bad.points, bad.error, bad.warnings), ...shortNote },
    outages: critical === null ? null : { ...reading(bad.query, shortName, shortSec, critical, bad.points, bad.error, bad.warnings), ...shortNote },
    breaches: { ...reading(window.query, def.window, breachStep, def.objective, window.points, window.error, window.warnings), ...(window.note ? { note: window.note } : {}) },
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
