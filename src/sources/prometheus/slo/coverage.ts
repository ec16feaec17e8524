/**
 * How far back, within the SLO window, the data behind the SLI goes: one instant query, sent in the
 * SLO's batch. A 30-day range query per SLO would tell it too, but at the price of the sparkline;
 * this reads the SLI over short windows (the bad stretches' 1h expression, the recorded series
 * itself when it is one) once an hour of the window, so Prometheus reads each raw sample about once.
 * The recorded series and the rule's own expression are asked together: a rule loaded yesterday
 * over a month of raw data covers the month.
 */
import type { SloDefinition } from '../../../domain/slo/types.js';
import { embeddable } from '../embed.js';
import { shortPlan } from './history.js';
import { complianceExpr, hasWindowPlaceholder, promDuration } from './promql.js';

const HOUR_MS = 3_600_000;

/** The subquery's step: an hour, or a 24th of a short window. */
export function coverageStepMs(windowMs: number): number {
  return Math.max(60_000, Math.min(HOUR_MS, Math.floor(windowMs / 24 / 60_000) * 60_000));
}

/** `time() - <the first step with data>` in seconds; null when the SLO has no expression to ask. */
export function coverageExpr(def: SloDefinition): string | null {
  const step = coverageStepMs(def.windowMs);
  const short = shortPlan(def, step);
  // A recorded window series is cheap to read at every step; a window-long expression is not.
  const recorded = def.sli.kind === 'query' && !hasWindowPlaceholder(def.sli.query) ? complianceExpr(def) : null;
  const parts = [short?.expr, short?.fallback?.expr, recorded].filter((e): e is string => !!e);
  if (parts.length === 0) return null;
  const any = [...new Set(parts)].map((e) => `(${embeddable(e)})`).join(' or ');
  return `time() - min(min_over_time(timestamp(${any})[${promDuration(def.windowMs)}:${promDuration(step)}]))`;
}
