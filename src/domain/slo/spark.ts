/**
 * The height of a compliance point in a sparkline, from 0 (bottom) to 1 (top), on a scale fixed by the
 * SLO rather than by the series: the objective always sits at the middle and the critical threshold at
 * a quarter, so a healthy SLO that slipped from 99.99% to 99.97% still looks healthy and a breached one
 * looks low. Scaled between its own lowest and highest point, the first would fall to the floor.
 */
import type { CriticalThreshold } from './types.js';

export const OBJECTIVE_LEVEL = 0.5;
export const CRITICAL_LEVEL = 0.25;

export interface SparkScale {
  objective: number;
  critical?: CriticalThreshold | null;
}

const clamp = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Above the objective the height is the budget left (a full budget at the top). Below it, the depth of
 * the breach: down to the critical threshold at CRITICAL_LEVEL, and as far again below it to the bottom;
 * without a critical threshold (or with a latency one, which is no compliance level), a whole budget
 * overspent reaches the bottom.
 */
export function sparkLevel(value: number, scale: SparkScale): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const { objective } = scale;
  const budget = 1 - objective;
  if (budget <= 0) return value >= objective ? 1 : 0;
  const left = (value - objective) / budget;
  if (left >= 0) return clamp(OBJECTIVE_LEVEL + (1 - OBJECTIVE_LEVEL) * left);
  const critical = scale.critical?.kind === 'below' && scale.critical.ratio < objective ? scale.critical.ratio : null;
  if (critical === null) return clamp(OBJECTIVE_LEVEL * (1 + left));
  if (value >= critical) return CRITICAL_LEVEL + (OBJECTIVE_LEVEL - CRITICAL_LEVEL) * ((value - critical) / (objective - critical));
  return clamp(CRITICAL_LEVEL * (1 - (critical - value) / (objective - critical)));
}
