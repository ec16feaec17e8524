import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { pollUntil } from '../helpers/net.js';
import { openMetricsCounter, openMetricsDocument, startPrometheus, type PromServer } from '../helpers/prometheus.js';
import { rejection } from '../helpers/errors.js';

/**
 * Against the real Prometheus 2.42: 3 days of two counters backfilled with promtool, sampled every
 * minute. 200s rise by 10/s and 500s by 0.5/s, so every rate and increase below is known by hand.
 * promtool writes one block per 2 hours (about 80 ms each here), so history is kept short, plus
 * ten minutes of another counter 29 days back to check the harness keeps old history.
 */
const DAY = 86_400;
const end = Math.floor(Date.now() / 1000 / 60) * 60 - 120; // whole minute, safely in the past
const from = end - 3 * DAY;
const old = end - 29 * DAY;
const at = (sec: number) => new Date(sec * 1000);

const RULES = `
groups:
  - name: api
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: ApiErrors
        expr: sum(rate(http_requests_total{code="500"}[5m])) > 100
        for: 5m
        labels: { severity: page }
        annotations: { summary: too many errors }
`;

let prom: PromServer;
let client: PrometheusClient;

beforeAll(async () => {
  prom = await startPrometheus({
    rules: RULES,
    openMetrics: openMetricsDocument(
      openMetricsCounter('http_requests', { job: 'api', code: '200' }, from, end, 60, (t) => (t - from) * 10),
      openMetricsCounter('http_requests', { job: 'api', code: '500' }, from, end, 60, (t) => (t - from) * 0.5),
      openMetricsCounter('old_requests', { job: 'api' }, old, old + 600, 60, (t) => t - old),
    ),
  });
  client = new PrometheusClient({ baseURL: prom.url, name: 'prometheus', env: {} });
});

afterAll(async () => {
  await prom?.stop();
});


describe('instant queries over backfilled history', () => {
  it('reads the counter value at a point in time', async () => {
    const { samples } = await client.query('http_requests_total{code="200"}', at(end - DAY));
    expect(samples).toHaveLength(1);
    expect(samples[0]?.value).toBe((end - DAY - from) * 10);
    expect(samples[0]?.time).toBe(end - DAY);
    expect(samples[0]?.metric).toEqual({ __name__: 'http_requests_total', job: 'api', code: '200' });
  });

  it('computes rates and increases that match the known slope', async () => {
    const rates = await client.query('rate(http_requests_total[5m])', at(end));
    const byCode = Object.fromEntries(rates.samples.map((s) => [s.metric.code, s.value]));
    expect(byCode['200']).toBeCloseTo(10, 9);
    expect(byCode['500']).toBeCloseTo(0.5, 9);
    const increase = await client.query('sum(increase(http_requests_total[1h]))', at(end - 2 * DAY));
    expect(increase.samples[0]?.value).toBeCloseTo(3600 * 10.5, 6);
  });

  it('keeps 29-day-old history (the harness retention is 60d)', async () => {
    const { samples } = await client.query('old_requests_total', at(old + 300));
    expect(samples[0]?.value).toBe(300);
  });

  it('maps a scalar, NaN and infinities, and an empty result', async () => {
    const scalar = await client.query('scalar(sum(rate(http_requests_total[5m])))', at(end));
    expect(scalar.samples).toHaveLength(1);
    expect(scalar.samples[0]?.metric).toEqual({});
    expect(scalar.samples[0]?.value).toBeCloseTo(10.5, 9);
    const odd = await client.query('vector(1)/0 or label_replace(vector(-1)/0, "s", "neg", "", "") or label_replace(vector(0)/0, "s", "nan", "", "")');
    const bySign = Object.fromEntries(odd.samples.map((s) => [s.metric.s ?? 'pos', s.value]));
    expect(bySign).toEqual({ pos: Infinity, neg: -Infinity, nan: NaN });
    expect((await client.query('no_such_metric')).samples).toEqual([]);
  });

  it('sends a 30 KB query in the POST body', async () => {
    const alternatives = Array.from({ length: 3000 }, (_, i) => `nope${i}`).join('|');
    const expr = `http_requests_total{code="200", job=~"${alternatives}|api"}`;
    expect(expr.length).toBeGreaterThan(20_000);
    const { samples } = await client.query(expr, at(end));
    expect(samples).toHaveLength(1);
  });
});

describe('range queries', () => {
  it('returns one point per step with the known rate', async () => {
    const out = await client.queryRange('sum(rate(http_requests_total[5m]))', at(end - 3600), at(end), 60);
    expect(out.stepSeconds).toBe(60);
    expect(out.series).toHaveLength(1);
    const points = out.series[0]?.points ?? [];
    expect(points).toHaveLength(61);
    expect(points[0]?.[0]).toBe(end - 3600);
    for (const [, v] of points) expect(v).toBeCloseTo(10.5, 9);
  });

  it('clamps a 30-day range at a 1s step instead of failing', async () => {
    // Unclamped, Prometheus answers 400 "exceeded maximum resolution of 11,000 points".
    const out = await client.queryRange('sum(rate(http_requests_total[5m]))', at(end - 30 * DAY), at(end), 1);
    const step = Math.ceil((30 * DAY) / 11_000);
    expect(out.stepSeconds).toBe(step);
    const points = out.series[0]?.points ?? [];
    // Points only where the 3 days of history are, one per clamped step.
    expect(points.length).toBeGreaterThan((3 * DAY) / step - 5);
    expect(points.length).toBeLessThanOrEqual((3 * DAY) / step + 1);
    expect(points.every(([t], i) => i === 0 || t - (points[i - 1]?.[0] ?? 0) === step)).toBe(true);
    expect(points[points.length - 1]?.[1]).toBeCloseTo(10.5, 9);
  });
});

describe('errors from the real server', () => {
  it('bad PromQL is a usage error with the server message', async () => {
    const err = await rejection(client.query('sum(rate(http_requests_total[5m])'));
    expect(err.kind).toBe('usage');
    expect(err.status).toBe(400);
    expect(err.source).toBe('prometheus');
    expect(err.message).toMatch(/parse error/);
  });

  it('a range selector in an instant query says to use a range query', async () => {
    const err = await rejection(client.query('http_requests_total[5m]', at(end)));
    expect(err.kind).toBe('usage');
    expect(`${err.message} ${err.hint}`).toMatch(/range query/);
  });

  it('a refused connection is a network error', async () => {
    const dead = new PrometheusClient({ baseURL: 'http://127.0.0.1:9', name: 'prometheus', env: {}, bearerToken: 'tok-SECRET' });
    const err = await rejection(dead.buildInfo());
    expect(err.kind).toBe('network');
    expect(JSON.stringify(err) + err.message + (err.hint ?? '')).not.toContain('tok-SECRET');
  });
});

describe('rules and build info', () => {
  it('lists recording and alerting rules from the rules file, evaluated', async () => {
    // Rule health is "unknown" until the first evaluation (every 1s in the harness): wait for it.
    let rules = await client.rules();
    await pollUntil(async () => (rules = await client.rules()).every((r) => r.health === 'ok'), 'rules to be evaluated', 15_000, 100);
    expect(rules.map((r) => [r.kind, r.name])).toEqual([
      ['recording', 'job:http_requests:rate5m'],
      ['alerting', 'ApiErrors'],
    ]);
    expect(rules.every((r) => r.health === 'ok' && r.group === 'api' && r.file.endsWith('rules.yml'))).toBe(true);
    expect(rules[1]).toMatchObject({ labels: { severity: 'page' }, annotations: { summary: 'too many errors' } });
    expect((await client.rules('record')).map((r) => r.name)).toEqual(['job:http_requests:rate5m']);
    expect((await client.rules('alert')).map((r) => r.name)).toEqual(['ApiErrors']);
  });

  it('reports a 2.x version', async () => {
    const info = await client.buildInfo();
    expect(info.version).toMatch(/^2\./);
    expect(info.goVersion).toMatch(/^go/);
  });
});

describe('the harness', () => {
  it('fails with prometheus stderr when the server cannot start', async () => {
    const bad = 'groups:\n  - name: broken\n    rules:\n      - record: x\n        expr: sum(\n';
    await expect(startPrometheus({ rules: bad })).rejects.toThrow(/exited during startup[\s\S]*rule/i);
  });

  it('fails with promtool output when the backfill is not OpenMetrics', async () => {
    await expect(startPrometheus({ openMetrics: 'this is not { openmetrics\n' })).rejects.toThrow(/promtool backfill failed/);
  });
});
