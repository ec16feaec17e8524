import { describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../../../src/domain/slo/config.js';
import {
  complianceExpr, leMatcher, promDuration, quantileExpr, trendStepSeconds, windowPlan,
} from '../../../../src/sources/prometheus/slo/promql.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { embeddable } from '../../../../src/sources/prometheus/embed.js';

const table = parseSloConfig((parse(readFileSync(new URL('../../../fixtures/slo/sla-table.yaml', import.meta.url), 'utf8')) as { slos: unknown[] }).slos);
const byName = (n: string) => table.find((d) => d.name === n)!;

describe('SLO PromQL', () => {
  it('counts events of a ratio SLI over the window and each burn window', () => {
    const api = byName('API availability');
    expect(windowPlan(api)).toEqual({
      kind: 'counts', measures: 'bad',
      part: 'sum(increase(http_requests_total{job="api",code=~"5.."}[30d]))',
      total: 'sum(increase(http_requests_total{job="api"}[30d]))',
    });
    expect(windowPlan(api, '5m')).toMatchObject({ total: 'sum(increase(http_requests_total{job="api"}[5m]))' });
    expect(complianceExpr(api)).toBe('1 - (sum(increase(http_requests_total{job="api",code=~"5.."}[30d]))) / (sum(increase(http_requests_total{job="api"}[30d])))');
  });

  it('uses a ready ratio for the window and the {{.window}} burn query for burn windows', () => {
    const web = byName('Website availability');
    expect(windowPlan(web)).toEqual({ kind: 'ready', expr: 'sla:website_availability:ratio_30d', measures: 'good' });
    expect(windowPlan(web, '1h')).toEqual({ kind: 'ready', expr: 'avg(avg_over_time(probe_success{job="website"}[1h]))', measures: 'good' });
  });

  it('has no burn query for a fixed recording rule without burn queries', () => {
    const [d] = parseSloConfig([{ name: 'x', service: 's', objective: '99%', sli: { query: 'sla:x:ratio_30d' } }]);
    expect(windowPlan(d!, '1h')).toBeNull();
  });

  it('matches histogram buckets written as le="1" or le="1.0"', () => {
    const search = byName('Search');
    expect(windowPlan(search, '1h')).toEqual({
      kind: 'counts', measures: 'good',
      part: 'sum(increase(http_request_duration_seconds_bucket{job="search",le=~"1(\\\\.0+)?"}[1h]))',
      total: 'sum(increase(http_request_duration_seconds_count{job="search"}[1h]))',
    });
    const re = new RegExp(`^(?:${'1(\\.0+)?'})$`);
    expect(['1', '1.0'].every((v) => re.test(v)) && !re.test('10')).toBe(true);
    expect(leMatcher('0.25')).toBe('le="0.25"');
  });

  it('computes the p95 for a latency critical threshold over the window', () => {
    expect(quantileExpr(byName('Order processing'))).toBe(
      'histogram_quantile(0.95, sum by (le) (increase(order_processing_duration_seconds_bucket{job="orders"}[30d])))',
    );
    expect(quantileExpr(byName('API availability'))).toBeNull();
  });

  it('formats durations and clamps the trend step', () => {
    expect(promDuration(30 * 86_400_000)).toBe('30d');
    expect(promDuration(90 * 60_000)).toBe('1h30m');
    expect(trendStepSeconds(30 * 86_400_000)).toBe(21_600);
    expect(trendStepSeconds(3_600_000)).toBe(60);
    expect(trendStepSeconds(365 * 86_400_000, 20_000)).toBe(Math.ceil((365 * 86_400) / 11_000));
  });
});

describe('a user query ending in a # comment, wrapped in ours', () => {
  const [readyBad, countsExpr, latency] = parseSloConfig([
    { name: 'Errors', service: 'api', objective: '99.9%', sli: { query: 'sla:api:error_ratio_30d # recorded by team api', measures: 'bad' } },
    {
      name: 'Counts', service: 'api', objective: '99.9%',
      sli: { ratio: { bad: 'sum(increase(errors_total[{{.window}}])) # 5xx only', total: 'sum(increase(requests_total[{{.window}}])) # all' } },
    },
    { name: 'Latency', service: 'search', critical: 'p95 over 3s', sli: { latency: { metric: 'search_seconds', le: '1', selector: '{job="search" # the public one\n}', target: '95%' } } },
  ]);

  it('ends the comment with a newline before our closing parenthesis, and strips nothing', () => {
    expect(complianceExpr(readyBad!)).toBe('1 - (sla:api:error_ratio_30d # recorded by team api\n)');
    expect(complianceExpr(countsExpr!)).toBe('1 - (sum(increase(errors_total[30d])) # 5xx only\n) / (sum(increase(requests_total[30d])) # all\n)');
    expect(quantileExpr(latency!)).toBe('histogram_quantile(0.95, sum by (le) (increase(search_seconds_bucket{job="search" # the public one\n}[30d])))');
    expect(windowPlan(latency!, '1h')).toMatchObject({ part: 'sum(increase(search_seconds_bucket{job="search" # the public one\n,le=~"1(\\\\.0+)?"}[1h]))' });
  });

  it('adds nothing for a # inside a label value, or a comment the query already ended', () => {
    const [fragment] = parseSloConfig([{ name: 'F', service: 's', objective: '99%', sli: { query: 'sum(rate(x{path="/a#b"}[{{.window}}]))', measures: 'bad' } }]);
    expect(complianceExpr(fragment!)).toBe('1 - (sum(rate(x{path="/a#b"}[30d])))');
    for (const done of ['x{a="#",b=\'#\',c=`#`,d="\\"#"}', 'x{a="1" # why\n}', 'a # why\n+ b']) expect(embeddable(done)).toBe(done);
    for (const open of ['x{a="#"} # why', 'x # "quoted" # twice', 'a # why\n+ b # and why']) expect(embeddable(open)).toBe(`${open}\n`);
  });

});
