import { describe, expect, it } from 'vitest';
import { burnConditionsIn, comparisonsIn, longestRange, withRangePlaceholder } from '../../../../src/sources/prometheus/slo/shapes.js';

const R = 'sla:website_availability:ratio_30d';

describe('comparisonsIn: what an SLA alert fires on', () => {
  it.each([
    [`${R} < 0.999`, '<', 0.999],
    [`${R} <= 0.999`, '<=', 0.999],
    [`${R} > 0.01`, '>', 0.01],
    [`${R} >= 0.01`, '>=', 0.01],
    // The constant on the left: "0.999 > x" fires when x is below 0.999.
    [`0.999 > ${R}`, '<', 0.999],
    [`0.01 <= ${R}`, '>=', 0.01],
    [`(${R}{job="web"}) < (0.995)`, '<', 0.995],
    [`${R} < 9.99e-1`, '<', 0.999],
  ])('%s', (expr, op, value) => {
    expect(comparisonsIn(expr)).toEqual([{ metric: R, op, value, text: expr }]);
  });

  it('reads through and / or, and only the left of unless', () => {
    expect(comparisonsIn(`${R} < 0.999 and on() hour() > 8`).map((c) => [c.metric, c.op, c.value])).toEqual([[R, '<', 0.999]]);
    expect(comparisonsIn(`vector(1) and on() (${R} < 0.999)`).map((c) => c.value)).toEqual([0.999]);
    expect(comparisonsIn(`${R} < 0.995 or ${R} > 1`).map((c) => c.value)).toEqual([0.995, 1]);
    expect(comparisonsIn(`(${R} < 0.999) unless on() maintenance_mode > 0`).map((c) => c.metric)).toEqual([R]);
    expect(comparisonsIn(`up unless ${R} < 0.999`)).toEqual([]);
  });

  it('takes no comparison that is not a firing condition', () => {
    expect(comparisonsIn(`${R} < bool 0.999`)).toEqual([]);
    expect(comparisonsIn(`sum(${R} < 0.999) > 0`)).toEqual([]);
    expect(comparisonsIn(`${R} < other_series`)).toEqual([]);
    expect(comparisonsIn(`rate(x[5m]) < 0.999`)).toEqual([]);
    expect(comparisonsIn(`${R} < `)).toEqual([]);
    expect(comparisonsIn(`${R} == 0.999`)).toEqual([]);
  });

  it('reads a negative constant', () => {
    expect(comparisonsIn(`-1 < ${R}`)[0]).toMatchObject({ op: '>', value: -1 });
  });
});

describe('longestRange', () => {
  it('finds the longest range selector or subquery range', () => {
    expect(longestRange('sum_over_time(p{job="f"}[30d]) / count_over_time(p{job="f"}[30d])')).toBe(30 * 86_400_000);
    expect(longestRange('sum(rate(a[1d])) / sum(rate(b[5m]))')).toBe(86_400_000);
    expect(longestRange('max_over_time(x[7d:1h])')).toBe(7 * 86_400_000);
    expect(longestRange('sum(x offset 30d)')).toBeNull();
  });
});

describe('withRangePlaceholder: a rule’s SLI over one window, made into one for any window', () => {
  it('replaces the ranges of that length in range selectors, and nothing in strings or other ranges', () => {
    const sloth = '(sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))) / (sum(rate(http_requests_total{job="api",path="/x[5m]"}[5m])))';
    expect(withRangePlaceholder(sloth, 300_000)).toBe(
      '(sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))) / (sum(rate(http_requests_total{job="api",path="/x[5m]"}[{{.window}}])))',
    );
    expect(withRangePlaceholder('sum(rate(x[5m])) - sum(rate(y[300s])) + sum(rate(z[1h]))', 300_000)).toBe('sum(rate(x[{{.window}}])) - sum(rate(y[{{.window}}])) + sum(rate(z[1h]))');
  });

  it('answers null when there is no such range, or the expression does not parse', () => {
    expect(withRangePlaceholder('sum(rate(x[1h]))', 300_000)).toBeNull();
    expect(withRangePlaceholder('sum(rate(x[5m])', 300_000)).toBeNull();
  });
});

describe('burnConditionsIn: the windows of a burn-rate alert', () => {
  it('reads Sloth’s page alert: two conditions of two windows each, inside max() … without', () => {
    const sel = (w: string) => `slo:sli_error:ratio_rate${w}{sloth_id="web-requests", sloth_service="web", sloth_slo="requests"}`;
    const expr = `(
    max(${sel('5m')} > (14.4 * 0.0009999999999999432)) without (sloth_window)
    and
    max(${sel('1h')} > (14.4 * 0.0009999999999999432)) without (sloth_window)
)
or
(
    max(${sel('30m')} > (6 * 0.0009999999999999432)) without (sloth_window)
    and
    max(${sel('6h')} > (6 * 0.0009999999999999432)) without (sloth_window)
)`;
    const conditions = burnConditionsIn(expr);
    expect(conditions.map((c) => c.map((x) => [x.metric.replace('slo:sli_error:ratio_rate', ''), x.op, Number(x.value.toFixed(6))]))).toEqual([
      [['5m', '>', 0.0144], ['1h', '>', 0.0144]],
      [['30m', '>', 0.006], ['6h', '>', 0.006]],
    ]);
    expect(conditions[0]![0]!.matchers).toEqual({ sloth_id: 'web-requests', sloth_service: 'web', sloth_slo: 'requests' });
  });

  it('reads Pyrra’s alert: burnrate series compared with factor × (1 − objective)', () => {
    const [c] = burnConditionsIn('http_requests:burnrate5m{slo="api"} > (14 * (1-0.99)) and http_requests:burnrate1h{slo="api"} > (14 * (1-0.99))');
    expect(c!.map((x) => [x.metric, x.matchers, Number(x.value.toFixed(6))])).toEqual([
      ['http_requests:burnrate5m', { slo: 'api' }, 0.14],
      ['http_requests:burnrate1h', { slo: 'api' }, 0.14],
    ]);
  });
});
