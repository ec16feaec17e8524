import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../src/domain/types.js';
import { slosFromRules } from '../../../../src/sources/prometheus/slo/discovery.js';

const rule = (name: string, query: string, labels: Record<string, string> = {}): Rule => ({
  kind: 'recording', name, query, labels, annotations: {}, group: 'g', file: 'rules.yml',
});

const slothLabels = { sloth_id: 'checkout-requests', sloth_service: 'checkout', sloth_slo: 'requests' };
const sloth: Rule[] = [
  ...['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) =>
    rule(`slo:sli_error:ratio_rate${w}`, `sum(rate(e[${w}]))/sum(rate(t[${w}]))`, { ...slothLabels, sloth_window: w })),
  rule('slo:sli_error:ratio_rate30d', 'sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-requests"}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-requests"}[30d])', { ...slothLabels, sloth_window: '30d' }),
  rule('slo:objective:ratio', 'vector(0.9990000000000001)', slothLabels),
  rule('slo:error_budget:ratio', 'vector(1-0.999)', slothLabels),
  rule('slo:time_period:days', 'vector(30)', slothLabels),
  rule('sloth_slo_info', 'vector(1)', { ...slothLabels, sloth_objective: '99.9', sloth_mode: 'cli-gen-prom' }),
];

describe('slosFromRules', () => {
  it('finds a Sloth SLO with its objective, window and every burn window', () => {
    const { definitions, skipped } = slosFromRules(sloth);
    expect(skipped).toEqual([]);
    expect(definitions).toHaveLength(1);
    const d = definitions[0]!;
    expect(d).toMatchObject({ id: 'checkout-requests', name: 'requests', service: 'checkout', source: 'sloth', window: '30d', windowMs: 30 * 86_400_000 });
    expect(d.objective).toBeCloseTo(0.999, 12);
    expect(d.sli).toMatchObject({ kind: 'query', measures: 'bad', query: 'max(slo:sli_error:ratio_rate30d{sloth_id="checkout-requests"})' });
    expect(d.sli.kind === 'query' && Object.keys(d.sli.windows ?? {})).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    // For history older than the recorded series: a raw window rule, its range a placeholder.
    expect(d.sli).toMatchObject({ rawQuery: 'max(sum(rate(e[{{.window}}]))/sum(rate(t[{{.window}}])))' });
  });

  it('falls back to averaging the 5m ratio when Sloth recorded no period rule, and to sloth_objective', () => {
    const old = sloth.filter((r) => r.name !== 'slo:sli_error:ratio_rate30d' && r.name !== 'slo:objective:ratio');
    const d = slosFromRules(old).definitions[0]!;
    expect(d.objective).toBe(0.999);
    expect(d.sli).toMatchObject({ query: 'max(avg_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-requests"}[30d]))' });
  });

  it('finds a Pyrra SLO from its generic rules', () => {
    const l = { slo: 'api-errors', namespace: 'monitoring' };
    const d = slosFromRules([
      rule('pyrra_objective', 'vector(0.99)', l),
      rule('pyrra_window', 'vector(2419200)', l),
      rule('pyrra_availability', '1 - sum(errors:increase4w) / sum(requests:increase4w)', l),
      rule('pyrra_requests:rate5m', 'sum(rate(http_requests_total[5m]))', l),
      rule('pyrra_errors:rate5m', 'sum(rate(http_requests_total{code=~"5.."}[5m]))', l),
    ]).definitions[0]!;
    expect(d).toMatchObject({ id: 'api-errors', source: 'pyrra', objective: 0.99, windowMs: 28 * 86_400_000, window: '28d', service: 'monitoring' });
    expect(d.sli).toMatchObject({ query: 'max(pyrra_availability{slo="api-errors"})', measures: 'good' });
    expect(d.sli.kind === 'query' && d.sli.windows?.['1h']).toBe(
      '1 - sum(avg_over_time(pyrra_errors:rate5m{slo="api-errors"}[1h])) / sum(avg_over_time(pyrra_requests:rate5m{slo="api-errors"}[1h]))',
    );
    expect(d.sli).toMatchObject({ rawQuery: '1 - (sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))) / (sum(rate(http_requests_total[{{.window}}])))' });
  });

  it('finds sla:<name>:ratio_<window> rules with an objective label, and says why it skips one without', () => {
    const { definitions, skipped } = slosFromRules([
      rule('sla:website_availability:ratio_30d', 'avg_over_time(probe_success[30d])', { objective: '99.9%', critical: 'below 99.5%', service: 'website' }),
      rule('sla:website_availability:ratio_1h', 'avg_over_time(probe_success[1h])', { objective: '99.9%', service: 'website' }),
      rule('sla:search_latency:ratio_30d', 'x'),
    ]);
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toMatchObject({
      id: 'website-availability', name: 'Website availability', service: 'website', objective: 0.999, windowMs: 30 * 86_400_000,
      source: 'rule', critical: { kind: 'below', ratio: 0.995 },
    });
    expect(definitions[0]!.sli).toMatchObject({
      query: 'max(sla:website_availability:ratio_30d{objective="99.9%",critical="below 99.5%",service="website"})',
      windows: { '1h': 'max(sla:website_availability:ratio_1h{objective="99.9%",service="website"})' },
    });
    expect(skipped).toEqual([{ rule: 'sla:search_latency:ratio_30d', reason: expect.stringContaining('no objective') }]);
  });

  it('ignores alerting rules and unrelated recording rules', () => {
    expect(slosFromRules([rule('job:up:sum', 'sum(up)'), { ...rule('slo:sli_error:ratio_rate5m', 'x', slothLabels), kind: 'alerting' }]))
      .toEqual({ definitions: [], skipped: [] });
  });
});
