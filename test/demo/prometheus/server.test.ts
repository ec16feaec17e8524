import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../../src/domain/slo/config.js';
import { answerTable } from '../../../src/demo/prometheus/answers.js';
import { startPrometheusFake } from '../../../src/demo/prometheus/server.js';
import type { Served } from '../../../src/demo/http.js';
import { queryBatch } from '../../../src/sources/prometheus/batch.js';
import { PrometheusClient } from '../../../src/sources/prometheus/client.js';
import { complianceExpr, quantileExpr, windowPlan } from '../../../src/sources/prometheus/slo/promql.js';
import { evaluateSlos } from '../../../src/sources/prometheus/slo/evaluate.js';

/**
 * The demo Prometheus answers the queries oncall builds for the SLOs it is given, from formulas, through
 * the real client; anything else gets an error that names it, and the rest of the SLO table carries on.
 */

const T = 1_790_000_040; // on the minute
const [checkout, search, unknown] = parseSloConfig([
  { name: 'Checkout', service: 'shop', objective: '85%', sli: { ratio: { good: 'done_total', total: 'started_total' } } },
  { name: 'Search', service: 'search', critical: 'p90 over 3s', sli: { latency: { metric: 'search_seconds', le: '1', selector: '{job="search"}', target: '80%' } } },
  { name: 'Not in the demo', service: 'x', objective: '99%', sli: { ratio: { bad: 'errors_total', total: 'requests_total' } } },
]);
// 10 checkouts a second, 9 of them done; searches: 85% under 1 s, all under 5 s.
const answers = answerTable([checkout!, search!, unknown!], {
  Checkout: { part: (t) => 9 * t, total: (t) => 10 * t },
  Search: { buckets: [[1, (t) => 85 * t], [5, (t) => 100 * t], [Infinity, (t) => 100 * t]] },
});

let prom: Served;
let client: PrometheusClient;
const at = new Date(T * 1000);

beforeAll(async () => {
  prom = await startPrometheusFake({
    answers,
    now: () => at,
    rules: () => [
      { name: 'g', file: 'demo.yml', interval: 60, rules: [{ type: 'recording', name: 'r:x', query: 'sum(x)' }, { type: 'alerting', name: 'A', query: 'x > 1', state: 'firing' }] },
    ],
  });
  client = new PrometheusClient({ baseURL: prom.url, name: 'prometheus' });
});

afterAll(async () => prom?.close());

async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${prom.url}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.json() };
}

describe('the demo Prometheus', () => {
  it('answers the queries oncall builds for an SLO with the events its formulas count', async () => {
    const plan = windowPlan(checkout!, '1h');
    if (plan?.kind !== 'counts') throw new Error('a ratio SLI is counted');
    expect((await client.query(plan.part, at)).samples.map((s) => s.value)).toEqual([9 * 3600]);
    expect((await client.query(plan.total, at)).samples.map((s) => s.value)).toEqual([10 * 3600]);
    const latency = windowPlan(search!, '5m');
    if (latency?.kind !== 'counts') throw new Error('a latency SLI is counted');
    expect((await client.query(latency.part, at)).samples[0]!.value).toBe(85 * 300);
    // p90 falls in the 1-5 s bucket, a third of the way: 1 + 4 × (90 - 85) / (100 - 85).
    expect((await client.query(quantileExpr(search!)!, at)).samples[0]!.value).toBeCloseTo(1 + 4 / 3, 12);
  });

  it('answers the trend as a range query, a point per step', async () => {
    const out = await client.queryRange(complianceExpr(checkout!)!, new Date((T - 3600) * 1000), at, 600);
    expect(out.series).toHaveLength(1);
    expect(out.series[0]!.points.map(([t, v]) => [t, Number(v.toFixed(12))])).toEqual(Array.from({ length: 7 }, (_, k) => [T - 3600 + k * 600, 0.9]));
  });

  it('answers a batch of those queries part by part, as each would be answered alone', async () => {
    const exprs = [undefined, '5m', '1d'].flatMap((w) => {
      const p = windowPlan(checkout!, w as '5m' | '1d' | undefined)!;
      return p.kind === 'counts' ? [p.part, p.total] : [p.expr];
    });
    const batch = await queryBatch(client, [...exprs, quantileExpr(search!)!], at);
    const alone = await Promise.all([...exprs, quantileExpr(search!)!].map((e) => client.query(e, at)));
    expect(batch?.map((o) => o.samples)).toEqual(alone.map((o) => o.samples));
  });

  it('refuses a query it was not built with, naming it, and the SLO table shows that beside the one SLO', async () => {
    await expect(client.query('sum(rate(http_requests_total[5m]))', at)).rejects.toThrow(/answers only the queries oncall builds for the demo's SLOs, and not this one: sum\(rate\(http_requests_total\[5m\]\)\)/);
    const { status, body } = await get('/api/v1/query', { query: 'up' });
    expect({ status, type: body.errorType }).toEqual({ status: 422, type: 'execution' });
    const [good, bad] = await evaluateSlos(client, [checkout!, unknown!], at);
    expect(good).toMatchObject({ name: 'Checkout', status: 'healthy', compliance: expect.closeTo(0.9, 12) });
    expect(bad).toMatchObject({ name: 'Not in the demo', status: 'error', compliance: null });
    expect(bad!.error).toMatch(/not this one: sum\(increase\(errors_total\[30d\]\)\)/);
  });

  it('checks parameters as Prometheus does: 400 bad_data', async () => {
    const q = complianceExpr(checkout!)!;
    for (const params of [{ query: q, time: 'yesterday' }, { query: '' }] as Array<Record<string, string>>) expect((await get('/api/v1/query', params)).body.errorType, JSON.stringify(params)).toBe('bad_data');
    for (const [params, error] of [
      [{ query: q, start: String(T), end: String(T - 60), step: '60' }, /end timestamp must not be before start time/],
      [{ query: q, start: String(T - 60), end: String(T), step: '0' }, /zero or negative query resolution step widths are not accepted/],
      [{ query: q, start: String(T - 86400 * 30), end: String(T), step: '60' }, /exceeded maximum resolution of 11,000 points per timeseries/],
    ] as const) {
      const { status, body } = await get('/api/v1/query_range', params);
      expect({ status, type: body.errorType }).toEqual({ status: 400, type: 'bad_data' });
      expect(body.error).toMatch(error);
    }
  });

  it('takes a query as a form-encoded POST, answers values as strings at its own clock, NaN included', async () => {
    const [empty] = parseSloConfig([{ name: 'Empty', service: 'x', objective: '90%', sli: { ratio: { good: 'a_total', total: 'b_total' } } }]);
    const nan = await startPrometheusFake({ answers: answerTable([empty!], { Empty: { part: () => 0, total: () => 0 } }), now: () => at });
    try {
      const res = await fetch(`${nan.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: complianceExpr(empty!)! }),
      });
      expect(await res.json()).toEqual({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, 'NaN'] }] } });
    } finally {
      await nan.close();
    }
  });

  it('serves readiness, build info, and rules filtered by type', async () => {
    expect(await (await fetch(`${prom.url}/-/ready`)).text()).toMatch(/Ready/);
    expect((await client.buildInfo()).version).toMatch(/^2\./);
    expect((await client.rules('record')).map((r) => [r.kind, r.name])).toEqual([['recording', 'r:x']]);
    const alert = await get('/api/v1/rules', { type: 'alert' });
    expect(alert.body.data.groups[0].rules.map((r: any) => [r.type, r.name, r.state])).toEqual([['alerting', 'A', 'firing']]);
  });
});
