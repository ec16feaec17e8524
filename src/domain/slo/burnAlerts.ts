/**
 * Burn-rate alert conditions with their current burns: those of the alert rules that watch the SLO
 * when there are any, else the SRE workbook's table (scaled to the window), said to be assumed.
 */
import { formatBurn } from './format.js';
import { burnRate, evaluateBurnAlerts } from './math.js';
import type { BurnAlertRule, BurnAlertState, BurnWindow } from './types.js';

/** What the alert's own series answered, per window, as error ratios (null = no data). */
export interface RuleBurnReading {
  rule: BurnAlertRule;
  longErrorRatio: number | null;
  shortErrorRatio: number | null;
}

export function burnAlertStates(objective: number, windowMs: number, burnRates: Record<BurnWindow, number | null>, fromRules?: RuleBurnReading[]): BurnAlertState[] {
  if (fromRules && fromRules.length > 0) {
    return fromRules.map(({ rule, longErrorRatio, shortErrorRatio }) => {
      const longBurn = burnRate(longErrorRatio, objective);
      const shortBurn = burnRate(shortErrorRatio, objective);
      const firing = longBurn !== null && shortBurn !== null && longBurn > rule.factor && shortBurn > rule.factor;
      return { from: 'rule', alert: rule.alert, severity: rule.severity, long: rule.long, short: rule.short, factor: rule.factor, longBurn, shortBurn, firing };
    });
  }
  return evaluateBurnAlerts(burnRates, windowMs).rules.map((r) => ({
    from: 'workbook', severity: r.severity, long: r.long, short: r.short, factor: Math.round(r.threshold * 100) / 100,
    longBurn: burnRates[r.long], shortBurn: burnRates[r.short], firing: r.firing,
  }));
}

export function alertState(states: BurnAlertState[]): 'page' | 'ticket' | 'none' {
  if (states.some((s) => s.firing && s.severity === 'page')) return 'page';
  return states.some((s) => s.firing) ? 'ticket' : 'none';
}

/** "6h burn 4.1× of 6×": how close the long window is to its threshold. */
export function headroom(s: BurnAlertState): string {
  return `${s.long} burn ${formatBurn(s.longBurn)} of ${formatBurn(s.factor)}`;
}

/** The explain text of the alert figure: every condition, where it came from, and which fire. */
export function explainBurnAlerts(states: BurnAlertState[], windowText: string): string {
  const lines = states.map((s) => {
    const state = s.firing ? ' ← firing' : s.longBurn === null || s.shortBurn === null ? ' [unknown]' : '';
    return `${s.severity} if burn ${s.long} and ${s.short} > ${formatBurn(s.factor)}${s.alert ? ` (alert ${s.alert})` : ''}: ${headroom(s)}, ${s.short} burn ${formatBurn(s.shortBurn)}${state}`;
  });
  const from = states[0]?.from === 'rule'
    ? 'thresholds from the burn-rate alert rules'
    : `no burn-rate alert rules for this SLO, so the SRE workbook's table is assumed (threshold = budget share × ${windowText} ÷ long window)`;
  return `${lines.join('; ')}; ${from}`;
}
