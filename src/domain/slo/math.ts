/**
 * Error budgets, burn rates and the SRE workbook's multiwindow multi-burn-rate alerts
 * (The Site Reliability Workbook, ch. 5 "Alerting on SLOs", approach 6).
 *
 * Burn rate = error ratio over a window ÷ (1 − objective); 1× spends exactly the whole budget
 * in one SLO window. A burn of b sustained for w spends b·w/W of the budget (W = SLO window).
 */
import { BURN_WINDOW_MS, type BurnWindow, type CriticalThreshold, type SloStatus } from './types.js';

export const DAY_MS = 86_400_000;

export interface BurnRule {
  severity: 'page' | 'ticket';
  long: BurnWindow;
  short: BurnWindow;
  /** Share of the whole budget that the long window may spend before we alert. */
  budgetShare: number;
}

/** The workbook's table: 2% in 1h and 5% in 6h page; 10% in 1d and 10% in 3d open a ticket. */
export const WORKBOOK_RULES: readonly BurnRule[] = [
  { severity: 'page', long: '1h', short: '5m', budgetShare: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetShare: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetShare: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetShare: 0.1 },
];

/**
 * The burn rate at which `rule.long` spends `rule.budgetShare` of the budget of a `windowMs` SLO:
 * share × W / long. For 30d this gives the workbook's 14.4, 6, 3 and 1. For other windows the
 * same budget share is kept (as Sloth does), so the factor scales with W: a 7d SLO pages at
 * 0.02 × 168h / 1h = 3.36×, a 28d SLO at 13.44×. (Scaling by 30/7 instead would demand 2% of
 * the budget per hour be spent 18 times over before paging, i.e. never page in time.)
 */
export function burnThreshold(rule: BurnRule, windowMs: number): number {
  return (rule.budgetShare * windowMs) / BURN_WINDOW_MS[rule.long];
}

export interface AlertEvaluation {
  state: 'page' | 'ticket' | 'none';
  /** Each rule with its scaled threshold and whether both of its windows were above it. */
  rules: Array<BurnRule & { threshold: number; firing: boolean; known: boolean }>;
}

/** Both windows of a rule must burn faster than its threshold; an unknown window never fires. */
export function evaluateBurnAlerts(burn: Record<BurnWindow, number | null>, windowMs: number): AlertEvaluation {
  const rules = WORKBOOK_RULES.map((rule) => {
    const threshold = burnThreshold(rule, windowMs);
    const long = burn[rule.long];
    const short = burn[rule.short];
    const known = long !== null && short !== null;
    return { ...rule, threshold, known, firing: known && long > threshold && short > threshold };
  });
  const state = rules.some((r) => r.firing && r.severity === 'page')
    ? 'page'
    : rules.some((r) => r.firing && r.severity === 'ticket')
      ? 'ticket'
      : 'none';
  return { state, rules };
}

/** Error ratio → burn rate; null stays null (no data is not a burn of 0). */
export function burnRate(errorRatio: number | null, objective: number): number | null {
  if (errorRatio === null || !Number.isFinite(errorRatio)) return null;
  return errorRatio / (1 - objective);
}

export interface Budget {
  totalMs: number;
  remainingMs: number;
  spentFraction: number;
  remainingFraction: number;
}

/**
 * Budget as a share and as time: 99.9% over 30d allows 43m12s of full outage. Spent time is the
 * window-wide error ratio times the window (30 min of 100% errors with steady traffic = 30m).
 * Remaining goes negative when overspent, so "12m over budget" can be shown.
 */
export function errorBudget(errorRatio: number, objective: number, windowMs: number): Budget {
  const totalMs = (1 - objective) * windowMs;
  const spentFraction = errorRatio / (1 - objective);
  const remainingFraction = 1 - spentFraction;
  return { totalMs, spentFraction, remainingFraction, remainingMs: remainingFraction * totalMs };
}

/**
 * Time until the remaining budget is gone at the current burn b. A burn of b for t spends b·t/W of
 * the budget, so t = remaining fraction × W / b. (Not remainingMs / b: remainingMs is full-outage
 * time, spent at a burn of 1/(1−objective).) Already spent → 0; no burn → null (never).
 */
export function timeToExhaustion(budget: Budget | null, currentBurn: number | null, windowMs: number): number | null {
  if (budget === null || currentBurn === null || !Number.isFinite(currentBurn)) return null;
  if (budget.remainingFraction <= 0) return 0;
  if (currentBurn <= 0) return null;
  return (budget.remainingFraction * windowMs) / currentBurn;
}

export const AT_RISK_REMAINING = 0.25;

export interface StatusInputs {
  compliance: number | null;
  objective: number;
  windowMs: number;
  budget: Budget | null;
  exhaustionMs: number | null;
  /** The 1h burn rate that exhaustionMs was computed from. */
  currentBurn?: number | null;
  critical?: CriticalThreshold;
  /** The measured quantile for a quantile critical threshold, in seconds. */
  latencyQuantileSeconds?: number | null;
  /** The compliance query itself failed (as opposed to answering with no data). */
  failed?: boolean;
}

/**
 * critical (past the critical threshold) > breached (below objective) > at_risk (within target,
 * but under 25% of the budget left, or the current burn would spend the rest before the window
 * ends) > healthy.
 *
 * A rolling window has no end date, and old errors age out as new ones come in: a steady burn b
 * settles at spending b of the budget, so b ≤ 1× can never exhaust it however little is left (the
 * 25% rule covers that case). "Would spend it before the window ends" therefore means a 1h burn
 * above 1× whose time to exhaustion is shorter than one window.
 */
export function sloStatus(s: StatusInputs): SloStatus {
  if (s.compliance === null) return s.failed ? 'error' : 'no_data';
  if (isCritical(s.compliance, s.critical, s.latencyQuantileSeconds)) return 'critical';
  if (s.compliance < s.objective) return 'breached';
  if (s.budget && s.budget.remainingFraction < AT_RISK_REMAINING) return 'at_risk';
  if ((s.currentBurn ?? 0) > 1 && s.exhaustionMs !== null && s.exhaustionMs < s.windowMs) return 'at_risk';
  return 'healthy';
}

function isCritical(compliance: number, critical?: CriticalThreshold, quantile?: number | null): boolean {
  if (!critical) return false;
  if (critical.kind === 'below') return compliance < critical.ratio;
  // +Inf means the quantile fell in the +Inf bucket: slower than every bound, so past any threshold.
  return quantile !== undefined && quantile !== null && !Number.isNaN(quantile) && quantile > critical.seconds;
}

/**
 * A ratio as Prometheus returned it → a usable ratio or why not. NaN (0/0), ±Inf (x/0) and
 * missing series are "no data", never 0% or 100%. Finite values are clamped to [0, 1] because
 * rate() extrapolation can push good/total slightly past 1.
 */
export function cleanRatio(value: number | undefined): { ratio: number | null; reason?: string } {
  if (value === undefined) return { ratio: null, reason: 'no data' };
  if (Number.isNaN(value)) return { ratio: null, reason: 'NaN (no events in the window, 0/0)' };
  if (!Number.isFinite(value)) return { ratio: null, reason: `${value > 0 ? '+Inf' : '-Inf'} (division by zero)` };
  return { ratio: Math.min(1, Math.max(0, value)) };
}

/** Counts → ratio: total 0 is a division by zero, reported as no events, not as 100%. */
export function ratioFromCounts(part: number | undefined, total: number | undefined): { ratio: number | null; reason?: string } {
  if (part === undefined || total === undefined) return { ratio: null, reason: 'no data' };
  if (!Number.isFinite(part) || !Number.isFinite(total)) return { ratio: null, reason: `not a number (${part} / ${total})` };
  if (total <= 0) return { ratio: null, reason: 'no events in the window (division by zero)' };
  return cleanRatio(part / total);
}
