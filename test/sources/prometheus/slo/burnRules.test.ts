/**
 * Burn-rate thresholds read from the alert rules that really page: Sloth's shape (14.4/6 page,
 * 3/1 ticket over 1h/6h/1d/3d) and Pyrra's (14/7/2/1 over 1h/6h/1d/4d), each window paired with its
 * short window; evaluated against the series each alert compares.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, type WindowReading } from '../../../../src/domain/slo/report.js';
import type { Rule } from '../../../../src/domain/types.js';
import { slosFromRules } from '../../../../src/sources/prometheus/slo/discovery.js';

const rec = (name: string, query: string, labels: Record<string, string>): Rule => ({ kind: 'recording', name, query, labels, annotations: {}, group: 'g', file: 'f' });
const alert = (name: string, query: string, labels: Record<string, string>): Rule => ({ kind: 'alerting', name, query, labels, annotations: {}, group: 'g', file: 'f' });

const sloth = { sloth_id: 'web-requests', sloth_service: 'web', sloth_slo: 'requests' };
const slothSel = (w: string) => `slo:sli_error:ratio_rate${w}{sloth_id="web-requests", sloth_service="web", sloth_slo="requests"}`;
const slothCond = (f: number, short: string, long: string) =>
  `(max(${slothSel(short)} > (${f} * 0.0009999999999999432)) without (sloth_window) and max(${slothSel(long)} > (${f} * 0.0009999999999999432)) without (sloth_window))`;
const SLOTH_RULES: Rule[] = [
  ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => rec(`slo:sli_error:ratio_rate${w}`, 'x', { ...sloth, sloth_window: w })),
  rec('slo:objective:ratio', 'vector(0.9990000000000001)', sloth),
  alert('WebRequestsHighErrorRate', `${slothCond(14.4, '5m', '1h')} or ${slothCond(6, '30m', '6h')}`, { sloth_severity: 'page', severity: 'critical' }),
  alert('WebRequestsHighErrorRateTicket', `${slothCond(3, '2h', '1d')} or ${slothCond(1, '6h', '3d')}`, { sloth_severity: 'ticket', severity: 'warning' }),
];

const pyrra = { slo: 'api-errors' };
const pyrraCond = (f: number, short: string, long: string) =>
  `http_requests:burnrate${short}{slo="api-errors"} > (${f} * (1-0.99)) and http_requests:burnrate${long}{slo="api-errors"} > (${f} * (1-0.99))`;
const PYRRA_RULES: Rule[] = [
  rec('pyrra_objective', 'vector(0.99)', pyrra),
  rec('pyrra_window', 'vector(2419200)', pyrra),
  rec('pyrra_availability', 'x', pyrra),
  ...([[14, '5m', '1h', 'critical'], [7, '30m', '6h', 'critical'], [2, '2h', '1d', 'warning'], [1, '6h', '4d', 'warning']] as const).map(([f, s, l, sev]) =>
    alert('ErrorBudgetBurn', pyrraCond(f, s, l), { ...pyrra, severity: sev, long: l, short: s })),
];

describe('burn-rate alert rules', () => {
  it('reads Sloth’s 14.4/6 page and 3/1 ticket conditions, with the series each window compares', () => {
    const d = slosFromRules(SLOTH_RULES).definitions[0]!;
    expect(d.burnAlerts!.map((b) => [b.severity, b.long, b.short, b.factor])).toEqual([
      ['page', '1h', '5m', 14.4], ['page', '6h', '30m', 6], ['ticket', '1d', '2h', 3], ['ticket', '3d', '6h', 1],
    ]);
    expect(d.burnAlerts![1]).toMatchObject({
      alert: 'WebRequestsHighErrorRate',
      longQuery: 'max(slo:sli_error:ratio_rate6h{sloth_id="web-requests",sloth_service="web",sloth_slo="requests"})',
    });
  });

  it('reads Pyrra’s 14/7/2/1 over 1h/6h/1d/4d', () => {
    const d = slosFromRules(PYRRA_RULES).definitions[0]!;
    expect(d.burnAlerts!.map((b) => [b.severity, b.long, b.short, b.factor])).toEqual([
      ['page', '1h', '5m', 14], ['page', '6h', '30m', 7], ['ticket', '1d', '2h', 2], ['ticket', '4d', '6h', 1],
    ]);
    expect(d.burnAlerts![3]!.longQuery).toBe('max(http_requests:burnrate4d{slo="api-errors"})');
  });

  it('leaves an SLO without burn-rate alert rules without any', () => {
    expect(slosFromRules(SLOTH_RULES.filter((r) => r.kind === 'recording')).definitions[0]!.burnAlerts).toBeUndefined();
  });
});

describe('burn alerts in the report', () => {
  const reading = (errorRatio: number | null, query = 'q'): WindowReading => ({ query, raw: '', errorRatio, formula: '' });

  it('shows each condition’s burn against the rule’s threshold, and fires from the rule', () => {
    const def = slosFromRules(PYRRA_RULES).definitions[0]!;
    // Error ratios over a 1% budget: 1h 9% → 9×, 5m 20% → 20×: under 14×, no page; 6h 7.5% and 30m 8% → over 7×: page.
    const ratios: Record<string, number> = { '1h': 0.09, '5m': 0.2, '6h': 0.075, '30m': 0.08, '1d': 0.01, '2h': 0.01, '4d': 0.005 };
    const report = buildReport(def, {
      window: reading(0.005), burns: {},
      burnAlerts: def.burnAlerts!.map((rule) => ({ rule, long: reading(ratios[rule.long]!), short: reading(ratios[rule.short]!) })),
    });
    expect(report.alert).toBe('page');
    expect(report.burnAlerts!.map((b) => [b.long, Number(b.longBurn!.toFixed(6)), b.factor, b.firing, b.from])).toEqual([
      ['1h', 9, 14, false, 'rule'], ['6h', 7.5, 7, true, 'rule'], ['1d', 1, 2, false, 'rule'], ['4d', 0.5, 1, false, 'rule'],
    ]);
    const formula = report.explain.find((e) => e.figure === 'alert')!.formula;
    expect(formula).toContain('page if burn 6h and 30m > 7× (alert ErrorBudgetBurn): 6h burn 7.5× of 7×, 30m burn 8× ← firing');
    expect(formula).toContain('1h burn 9× of 14×');
    expect(formula).toContain('thresholds from the burn-rate alert rules');
  });

  it('falls back to the workbook’s table when no rule watches the SLO, and says so', () => {
    const def = slosFromRules(SLOTH_RULES.filter((r) => r.kind === 'recording')).definitions[0]!;
    const report = buildReport(def, { window: reading(0.0005), burns: { '1h': reading(0.0041), '5m': reading(0.001), '6h': reading(0.0041), '30m': reading(0.0041) } });
    expect(report.burnAlerts!.every((b) => b.from === 'workbook')).toBe(true);
    const formula = report.explain.find((e) => e.figure === 'alert')!.formula;
    expect(formula).toContain('6h burn 4.1× of 6×');
    expect(formula).toContain("no burn-rate alert rules for this SLO, so the SRE workbook's table is assumed");
  });
});
