/**
 * The burn-rate alerts that really page, read from the alert rules (Sloth's 14.4/6/3/1 over
 * 1h/6h/1d/3d, Pyrra's 14/7/2/1 over 1h/6h/1d/4d, each with its short window): per condition,
 * the two windows, the factor, and the recorded series each window compares, so the current burn
 * is read from exactly what the alert reads.
 */
import type { BurnAlertRule, SloDefinition } from '../../../domain/slo/types.js';
import type { Rule } from '../../../domain/types.js';
import { promDuration, quoteLabel } from './promql.js';
import { burnConditionsIn, type BurnComparison } from './shapes.js';
import { durationMs } from './slaRules.js';

const SLOTH = /^slo:sli_error:ratio_rate(\w+)$/;
const PYRRA = /^[a-zA-Z_:][a-zA-Z0-9_:]*:burnrate(\w+)$/;

/** Attaches to each Sloth and Pyrra SLO the burn-rate conditions of the alert rules that watch it. */
export function attachBurnAlerts(defs: SloDefinition[], rules: Rule[]): void {
  const alerts = rules.filter((r) => r.kind === 'alerting' && (r.query.includes('slo:sli_error:ratio_rate') || r.query.includes(':burnrate')));
  if (alerts.length === 0) return;
  const parsed = alerts.map((alert) => ({ alert, conditions: burnConditionsIn(alert.query) }));
  for (const def of defs) {
    if (def.source !== 'sloth' && def.source !== 'pyrra') continue;
    const found: BurnAlertRule[] = [];
    for (const { alert, conditions } of parsed) {
      for (const condition of conditions) {
        const pair = pairOf(condition, def);
        if (pair) found.push({ alert: alert.name, severity: severityOf(alert), ...pair });
      }
    }
    if (found.length > 0) def.burnAlerts = found;
  }
}

/** Two windows of one SLO compared with the same constant: a multiwindow condition. */
function pairOf(condition: BurnComparison[], def: SloDefinition): Omit<BurnAlertRule, 'alert' | 'severity'> | null {
  if (condition.length !== 2) return null;
  const windows = condition.map((c) => ({ c, ms: windowOf(c, def) }));
  if (windows.some((w) => w.ms === null || !w.c.op.startsWith('>'))) return null;
  const [a, b] = windows as Array<{ c: BurnComparison; ms: number }>;
  if (Math.abs(a!.c.value - b!.c.value) > 1e-12 * Math.max(1, a!.c.value)) return null;
  const [short, long] = a!.ms <= b!.ms ? [a!, b!] : [b!, a!];
  // Sloth writes 14.4 × 0.0009999999999999432: keep what the rule meant.
  const factor = Math.round((a!.c.value / (1 - def.objective)) * 100) / 100;
  return {
    long: promDuration(long.ms), short: promDuration(short.ms), factor,
    longQuery: seriesQuery(long.c), shortQuery: seriesQuery(short.c),
  };
}

/** The window of a comparison that belongs to `def`; null when it watches another SLO or none. */
function windowOf(c: BurnComparison, def: SloDefinition): number | null {
  if (def.source === 'sloth') {
    const w = SLOTH.exec(c.metric)?.[1];
    return w && c.matchers.sloth_id === def.id ? durationMs(w) : null;
  }
  const w = PYRRA.exec(c.metric)?.[1];
  return w && c.matchers.slo === def.id ? durationMs(w) : null;
}

function seriesQuery(c: BurnComparison): string {
  const parts = Object.entries(c.matchers).map(([k, v]) => `${k}=${quoteLabel(v)}`);
  return `max(${c.metric}${parts.length ? `{${parts.join(',')}}` : ''})`;
}

/** Sloth labels its alerts sloth_severity page|ticket; Pyrra severity critical|warning. */
function severityOf(alert: Rule): 'page' | 'ticket' {
  const s = (alert.labels.sloth_severity ?? alert.labels.severity ?? '').toLowerCase();
  return s === 'page' || s === 'critical' ? 'page' : 'ticket';
}
