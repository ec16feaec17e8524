import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheusFake } from '../../../src/demo/prometheus/server.js';
import type { SeriesSource, SyntheticSeries } from '../../../src/demo/prometheus/series.js';
import type { Served } from '../../../src/demo/http.js';
import { get, normalise } from './compare.js';
import { openMetricsCounter, openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../../helpers/prometheus.js';

/**
 * The fake's answers are compared with the real Prometheus 2.42 holding the same samples (backfilled with
 * promtool): same envelope, same labels, same numbers, same status codes.
 */

const T = Math.floor(Date.now() / 1000 / 60) * 60 - 600; // on the grid, safely in the past
const FROM = T - 7200;

type Def = { kind: 'counter' | 'gauge'; name: string; labels: Record<string, string>; at: (t: number) => number };
const defs: Def[] = [
  { kind: 'counter', name: 'req_total', labels: { service: 'a', code: '200' }, at: (t) => 8 * (t - FROM) + Math.floor(200 * Math.sin((t - FROM) / 900) + 200) },
  { kind: 'counter', name: 'req_total', labels: { service: 'a', code: '500' }, at: (t) => 2 * (t - FROM) + ((t - FROM) / 60) ** 2 },
  { kind: 'counter', name: 'req_total', labels: { service: 'b', code: '200' }, at: (t) => 3 * (t - FROM) },
  { kind: 'counter', name: 'lat_bucket', labels: { service: 'a', le: '0.25' }, at: (t) => 40 * (t - FROM) },
  { kind: 'counter', name: 'lat_bucket', labels: { service: 'a', le: '1' }, at: (t) => 85 * (t - FROM) + ((t - FROM) / 60) ** 2 },
  { kind: 'counter', name: 'lat_bucket', labels: { service: 'a', le: '+Inf' }, at: (t) => 100 * (t - FROM) + 2 * ((t - FROM) / 60) ** 2 },
  { kind: 'gauge', name: 'queue_depth', labels: { service: 'a' }, at: (t) => Math.round(50 + 40 * Math.sin((t - FROM) / 1200)) },
  { kind: 'gauge', name: 'queue_depth', labels: { service: 'b' }, at: (t) => ((t - FROM) / 60) % 7 },
  { kind: 'gauge', name: 'dup_a', labels: { k: '1' }, at: () => 1 },
  { kind: 'gauge', name: 'dup_b', labels: { k: '1' }, at: () => 2 },
];

const source: SeriesSource = {
  interval: 60,
  series: defs.map((d): SyntheticSeries => ({
    labels: { __name__: d.name, ...d.labels },
    // Before FROM the real server has no samples; the fake never gets asked that far back here.
    at: d.at,
    monotonic: d.kind === 'counter',
  })),
};

let fake: Served;
let real: PromServer;

beforeAll(async () => {
  fake = await startPrometheusFake({ source, now: () => new Date(T * 1000) });
  const families = defs.map((d) =>
    // promtool would rename a counter family to *_total, so histogram buckets go in as gauge families.
    d.kind === 'counter' && d.name.endsWith('_total')
      ? openMetricsCounter(d.name, d.labels, FROM, T + 600, 60, d.at)
      : openMetricsGauge(d.name, d.labels, FROM, T + 600, 60, d.at),
  );
  real = await startPrometheus({ openMetrics: openMetricsDocument(...families) });
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await real?.stop();
});

const SLO_LIKE = [
  'req_total',
  'rate(req_total[5m])',
  'increase(req_total{code="500"}[1h])',
  'sum by (service) (rate(req_total{code=~"5.."}[5m])) / sum by (service) (rate(req_total[5m]))',
  '1 - (sum(increase(req_total{code!~"5.."}[30m])) / sum(increase(req_total[30m])))',
  'histogram_quantile(0.95, sum by (le, service) (rate(lat_bucket[10m])))',
  'histogram_quantile(0.5, rate(lat_bucket[5m]))',
  'sum(rate(lat_bucket{le="1"}[1h])) by (service) / sum(rate(lat_bucket{le="+Inf"}[1h])) by (service)',
  'avg_over_time(queue_depth[30m])',
  'min_over_time(queue_depth[1h]) + max_over_time(queue_depth[1h])',
  'sum_over_time(queue_depth{service="b"}[20m])',
  'queue_depth > 50',
  'queue_depth > bool 50',
  'clamp_max(queue_depth, 60) - clamp_min(queue_depth, 20)',
  'count without (code) (req_total)',
  'max by (code) (rate(req_total[5m])) or vector(0)',
  'rate(req_total{code="500"}[5m]) / ignoring(code) rate(req_total{code="200"}[5m])',
  'sum(rate(req_total[5m])) / on() vector(2)',
  '2 * 3 + 1',
  '-queue_depth',
  // The SLO evaluator's batch: each query tagged by label_replace, joined with or (src/sources/prometheus/batch.ts).
  'label_replace(sum(increase(req_total{code="500"}[1h])), "oncall_q", "0", "", "") or label_replace(sum(increase(req_total[1h])), "oncall_q", "1", "", "")' +
    ' or label_replace(histogram_quantile(0.95, sum by (le) (rate(lat_bucket[10m]))), "oncall_q", "2", "", "")',
  'label_replace(vector(0) / 0, "oncall_q", "0", "", "") or label_replace(req_total{code="404"}, "oncall_q", "1", "", "") or label_replace(queue_depth, "oncall_q", "2", "", "")',
  'label_replace(req_total, "svc", "s-$1-${1}x$$", "service", "(.*)")',
  'label_replace(rate(req_total[5m]), "code", "${1}xx", "code", "([0-9])[0-9]+")',
  'label_replace(queue_depth, "service", "", "service", "a")',
  'label_replace(queue_depth, "service", "$1x", "service", "(b)")',
];

describe('demo Prometheus against the real Prometheus 2.42 on the same samples', () => {
  it.each(SLO_LIKE)('instant query %s', async (query) => {
    for (const time of [T, T + 30]) {
      const [a, b] = await Promise.all([get(fake.url, '/api/v1/query', { query, time: String(time) }), get(real.url, '/api/v1/query', { query, time: String(time) })]);
      expect(a.status).toBe(b.status);
      expect(normalise(a.body)).toEqual(normalise(b.body));
    }
  });

  it.each(SLO_LIKE.filter((q) => q !== 'req_total'))('range query %s', async (query) => {
    const params = { query, start: String(T - 1800), end: String(T), step: '300' };
    const [a, b] = await Promise.all([get(fake.url, '/api/v1/query_range', params), get(real.url, '/api/v1/query_range', params)]);
    expect(a.status).toBe(200);
    expect(normalise(a.body)).toEqual(normalise(b.body));
  });

  it.each([
    ['/api/v1/query', { query: 'sum(' }],
    ['/api/v1/query', { query: 'rate(req_total)' }],
    ['/api/v1/query', { query: '1 > 2' }],
    ['/api/v1/query', { query: 'up', time: 'yesterday' }],
    ['/api/v1/query_range', { query: 'up', start: String(T), end: String(T - 60), step: '60' }],
    ['/api/v1/query_range', { query: 'up', start: String(T - 60), end: String(T), step: '0' }],
    ['/api/v1/query_range', { query: 'up', start: String(T - 86400 * 30), end: String(T), step: '60' }],
    ['/api/v1/query', { query: '{__name__=~"dup_.*"} * 0' }],
    ['/api/v1/query', { query: 'label_replace(0.99, "oncall_q", "0", "", "") or label_replace(req_total, "oncall_q", "1", "", "")' }],
    ['/api/v1/query', { query: 'label_replace(req_total, "a", "b", "", "(")' }],
    ['/api/v1/query', { query: 'label_replace(req_total, "1a", "b", "", "")' }],
    ['/api/v1/query', { query: 'label_replace(req_total, "service", "x", "", "")' }],
    ['/api/v1/query', { query: 'label_replace(req_total, "a", "b", "")' }],
    ['/api/v1/query', { query: 'label_replace(req_total, "a", 1, "", "")' }],
  ] as const)('answers %s %o with the same status and error type', async (path, params) => {
    const [a, b] = await Promise.all([get(fake.url, path, params), get(real.url, path, params)]);
    expect({ status: a.status, type: a.body.errorType }).toEqual({ status: b.status, type: b.body.errorType });
    expect(a.body.status).toBe('error');
    expect(typeof a.body.error).toBe('string');
  });
});

describe('demo Prometheus HTTP surface', () => {
  it('takes a long query as a form-encoded POST, as clients send it', async () => {
    const res = await fetch(`${fake.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'sum(rate(req_total[5m]))', time: String(T) }),
    });
    const body = await res.json();
    expect(body).toMatchObject({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, expect.any(String)] }] } });
  });

  it('answers values as strings, NaN and +Inf included, and defaults the time to its clock', async () => {
    const { body } = await get(fake.url, '/api/v1/query', { query: 'vector(0) / 0 or vector(1) / 0' });
    expect(body.data.result[0].value).toEqual([T, 'NaN']);
    const inf = await get(fake.url, '/api/v1/query', { query: 'sum(req_total) / 0' });
    expect(inf.body.data.result[0].value[1]).toBe('+Inf');
  });

  it('names unsupported syntax in a 400 bad_data envelope', async () => {
    const { status, body } = await get(fake.url, '/api/v1/query', { query: 'rate(req_total[5m] offset 1d)' });
    expect(status).toBe(400);
    expect(body).toEqual({ status: 'error', errorType: 'bad_data', error: expect.stringMatching(/^invalid parameter "query": 1:\d+: parse error: the offset modifier is not supported/) });
  });

  it('serves readiness, build info, and rules filtered by type', async () => {
    expect(await (await fetch(`${fake.url}/-/ready`)).text()).toMatch(/Ready/);
    expect((await get(fake.url, '/api/v1/status/buildinfo', {})).body.data.version).toMatch(/^2\./);
    const rules = await startPrometheusFake({
      source,
      rules: () => [
        { name: 'g', file: 'demo.yml', interval: 60, rules: [{ type: 'recording', name: 'r:x', query: 'sum(x)' }, { type: 'alerting', name: 'A', query: 'x > 1', state: 'firing' }] },
      ],
    });
    try {
      const rec = await get(rules.url, '/api/v1/rules', { type: 'record' });
      expect(rec.body.data.groups[0].rules.map((r: any) => [r.type, r.name])).toEqual([['recording', 'r:x']]);
      const alert = await get(rules.url, '/api/v1/rules', { type: 'alert' });
      expect(alert.body.data.groups[0].rules.map((r: any) => [r.type, r.name, r.state])).toEqual([['alerting', 'A', 'firing']]);
    } finally {
      await rules.close();
    }
  });
});
