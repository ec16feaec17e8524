/**
 * Discovery of SLOs from the `sla:` rules of an SLA guide: the recorded ratio, and the objective in
 * the alert rule that compares it with a constant. The rules come from the fixture file as
 * Prometheus' rules API lists them (one entry per rule, its group and labels).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../src/domain/types.js';
import { toRules } from '../../../../src/sources/prometheus/mappers.js';
import { slosFromRules } from '../../../../src/sources/prometheus/slo/discovery.js';
import { windowPlan } from '../../../../src/sources/prometheus/slo/promql.js';

const DAY = 86_400_000;

interface FileRule { record?: string; alert?: string; expr: string; labels?: Record<string, string> }

function rulesOf(yamlText: string): Rule[] {
  const file = parse(yamlText) as { groups: Array<{ name: string; rules: FileRule[] }> };
  return file.groups.flatMap((g) =>
    g.rules.map((r): Rule => ({
      kind: r.record ? 'recording' : 'alerting', name: (r.record ?? r.alert)!, query: r.expr,
      labels: r.labels ?? {}, annotations: {}, group: g.name, file: 'rules.yml',
    })),
  );
}

const guide = rulesOf(readFileSync(new URL('../../../fixtures/slo/sla-guide-rules.yml', import.meta.url), 'utf8'));
const rec = (name: string, query: string, labels: Record<string, string> = {}): Rule => ({ kind: 'recording', name, query, labels, annotations: {}, group: 'g', file: 'f' });
const alert = (name: string, query: string, labels: Record<string, string> = {}): Rule => ({ kind: 'alerting', name, query, labels, annotations: {}, group: 'g', file: 'f' });

describe('the SLA guide’s rule file, with no oncall config', () => {
  const { definitions, skipped } = slosFromRules(guide);
  const byId = new Map(definitions.map((d) => [d.id, d]));

  it('finds the three SLAs, named from their recorded series, with the service from the alert', () => {
    expect(skipped).toEqual([]);
    expect(definitions.map((d) => [d.id, d.name, d.service, d.source])).toEqual([
      ['website-availability', 'Website availability', 'website', 'rule'],
      ['transaction-success', 'Transaction success', 'payments', 'rule'],
      ['order-processing', 'Order processing', 'orders', 'rule'],
    ]);
  });

  it('takes the objective from the warning alert and the critical threshold from the critical one', () => {
    const web = byId.get('website-availability')!;
    expect(web.objective).toBe(0.999);
    expect(web.critical).toEqual({ kind: 'below', ratio: 0.995 });
    expect(byId.get('transaction-success')).toMatchObject({ objective: 0.998, critical: undefined });
    expect(byId.get('order-processing')).toMatchObject({ objective: 0.95, critical: undefined });
  });

  it('takes the window from the name suffix, else the longest range in the rule, and says which', () => {
    const web = byId.get('website-availability')!;
    expect([web.window, web.windowMs]).toEqual(['30d', 30 * DAY]);
    expect(web.derivation).toContain('window 30d from the name suffix _30d');
    const tx = byId.get('transaction-success')!;
    expect([tx.window, tx.windowMs]).toEqual(['1d', DAY]);
    expect(tx.derivation).toContain("window 1d from the longest range selector [1d] in the rule's expression");
    expect(web.derivation).toContain('objective 99.9% from alert WebsiteAvailabilitySLABreach (sla:website_availability:ratio_30d < 0.999)');
    expect(web.derivation).toContain('critical below 99.5% from alert WebsiteAvailabilitySLACritical (sla:website_availability:ratio_30d < 0.995)');
  });

  it('reads the recorded series as a good ratio, and names the rule it came from', () => {
    const orders = byId.get('order-processing')!;
    expect(orders.rule).toBe('sla:order_processing:under_30s_ratio');
    expect(windowPlan(orders)).toEqual({ kind: 'ready', expr: 'max(sla:order_processing:under_30s_ratio)', measures: 'good' });
    // The 1d ratio is also the 1d burn window.
    expect(windowPlan(byId.get('transaction-success')!, '1d')).toMatchObject({ expr: 'max(sla:transaction_success:ratio)' });
  });
});

describe('comparison shapes in the alert', () => {
  const R = 'sla:api_errors:ratio_7d';
  const one = (...alerts: Rule[]) => slosFromRules([rec(R, 'sum(rate(e[7d])) / sum(rate(t[7d]))'), ...alerts]);

  it('reads an "at most" SLI (fires above the constant) as compliance = 1 − value against 1 − constant', () => {
    const { definitions } = one(alert('ApiErrors', `${R} > 0.001`, { severity: 'warning' }), alert('ApiErrorsCritical', `${R} > 0.01`, { severity: 'page' }));
    expect(definitions[0]).toMatchObject({ objective: 0.999, critical: { kind: 'below', ratio: 0.99 }, windowMs: 7 * DAY });
    expect(definitions[0]!.sli).toMatchObject({ measures: 'bad' });
    expect(definitions[0]!.derivation![0]).toContain('"at most" ratio');
  });

  it.each([
    [`${R} <= 0.99`, 0.99],
    [`0.99 > ${R}`, 0.99],
    [`(${R} < 0.99) and on() hour() >= 8`, 0.99],
    [`${R} < 0.99 unless on() maintenance_active == 1`, 0.99],
    [`0.01 < ${R}`, 0.99],
  ])('%s → objective %s', (expr, objective) => {
    expect(one(alert('A', expr, { severity: 'warning' })).definitions[0]!.objective).toBe(objective);
  });

  it('reads an alert with a for: (pending or firing) as one without, as Prometheus 2.42 lists them', () => {
    const alerting = (name: string, query: string, duration: number, state: string, severity: string) => ({
      type: 'alerting', name, query, duration, keepFiringFor: 0, state, labels: { severity }, annotations: {}, alerts: [], health: 'ok',
    });
    const rules = toRules({ groups: [
      { name: 'rec', file: 'f', rules: [{ type: 'recording', name: R, query: 'sum(rate(e[7d])) / sum(rate(t[7d]))', labels: {}, health: 'ok' }] },
      { name: 'alerts', file: 'f', rules: [alerting('A', `${R} > 0.001`, 600, 'pending', 'warning'), alerting('B', `${R} > 0.01`, 300, 'firing', 'critical')] },
    ] }, 'prometheus');
    expect(slosFromRules(rules).definitions[0]).toMatchObject({ objective: 0.999, critical: { kind: 'below', ratio: 0.99 } });
  });

  it('needs no severity: a lone critical alert is the objective, two critical alerts give the objective and critical', () => {
    expect(one(alert('A', `${R} < 0.99`, { severity: 'critical' })).definitions[0]).toMatchObject({ objective: 0.99, critical: undefined });
    expect(one(alert('A', `${R} < 0.99`, { severity: 'critical' }), alert('B', `${R} < 0.9`, { severity: 'critical' })).definitions[0])
      .toMatchObject({ objective: 0.99, critical: { kind: 'below', ratio: 0.9 } });
  });

  it('keeps the objective label and the sla:<name>:objective rule ahead of the alerts', () => {
    expect(slosFromRules([rec(R, 'x', { objective: '99.5%' }), alert('A', `${R} < 0.9`)]).definitions[0]!.objective).toBe(0.995);
    expect(slosFromRules([rec(R, 'x'), rec('sla:api_errors:objective', 'vector(0.98)'), alert('A', `${R} < 0.9`)]).definitions[0]!.objective).toBe(0.98);
  });

  it('takes the name from a name label, and defaults the window to 30d when nothing says', () => {
    const d = slosFromRules([rec('sla:login:ratio', 'avg(up{job="login"})', { name: 'Login' }), alert('A', 'sla:login:ratio < 0.99')]).definitions[0]!;
    expect(d).toMatchObject({ name: 'Login', id: 'login', windowMs: 30 * DAY });
    expect(d.derivation).toContain('window 30d from the default (no suffix and no range selector in the rule)');
  });
});

describe('what is skipped, and why', () => {
  it('lists a ratio with no objective, a name that is not a ratio, and alerts it cannot read', () => {
    const { definitions, skipped } = slosFromRules([
      rec('sla:search:ratio_30d', 'x'),
      rec('sla:search:latency_p95', 'y'),
      rec('sla:search:objective', 'vector(2)'),
      alert('SearchSlow', 'sla:search:latency_p95 > 3 * 1'),
      alert('Ghost', 'sla:ghost:ratio < 0.9'),
      alert('Odd', 'avg(x) < 0.99', { sla: 'odd' }),
    ]);
    expect(definitions).toEqual([]);
    expect(skipped).toEqual([
      { rule: 'sla:search:latency_p95', reason: expect.stringContaining('not an SLA ratio') },
      { rule: 'alert SearchSlow', reason: expect.stringMatching(/^no comparison: its expression compares no sla: series with a constant/) },
      { rule: 'alert Ghost', reason: 'unknown series: it compares sla:ghost:ratio, which no recording rule records' },
      { rule: 'alert Odd', reason: expect.stringMatching(/^no comparison: /) },
      { rule: 'sla:search:ratio_30d', reason: expect.stringContaining('no objective: no alert rule compares sla:search:ratio_30d with a constant') },
    ]);
  });

  it('never reads Sloth’s or Pyrra’s families as sla: ratios', () => {
    const { definitions, skipped } = slosFromRules([rec('slo:sli_error:ratio_rate5m', 'x'), rec('pyrra_availability', 'y', { slo: 'a' })]);
    expect(definitions).toEqual([]);
    expect(skipped).toEqual([]);
  });
});
