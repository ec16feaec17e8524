import { afterAll, describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import type { Sample, Series } from '../../src/domain/types.js';
import { startPrometheusFake } from '../../src/demo/prometheus/server.js';
import type { Served } from '../../src/demo/http.js';
import { buildMetrics } from '../../src/demo/world/metrics.js';
import { DEMO_SLOS } from '../../src/demo/world/slos.js';
import { evaluateSlos, type SloPrometheus } from '../../src/state/slo.js';

let prom: Served;
let NOW = new Date();

/** The SLO code's view of Prometheus, over plain HTTP to the demo server. */
const client = (): SloPrometheus => {
  const get = async (path: string, params: Record<string, string>): Promise<any> => {
    const res = await fetch(`${prom.url}${path}?${new URLSearchParams(params)}`);
    const body = await res.json();
    if (body.status !== 'success') throw new Error(body.error);
    return body.data;
  };
  return {
    async query(expr, time) {
      const data = await get('/api/v1/query', { query: expr, time: String((time ?? NOW).getTime() / 1000) });
      const samples: Sample[] = data.result.map((r: any) => ({ metric: r.metric, value: Number(r.value[1]), time: r.value[0] }));
      return { samples, warnings: [] };
    },
    async queryRange(expr, start, end, step) {
      const data = await get('/api/v1/query_range', { query: expr, start: String(start.getTime() / 1000), end: String(end.getTime() / 1000), step: String(step) });
      const series: Series[] = data.result.map((r: any) => ({ metric: r.metric, points: r.values.map((p: any) => [p[0], Number(p[1])]) }));
      return { series, stepSeconds: step, warnings: [] };
    },
    async rules() {
      return [];
    },
  };
};

afterAll(async () => prom?.close());

describe('the demo world tells the SLA story', () => {
  // Whatever the hour and the seed: the daily swing and jitter must not flip a status.
  it.each([
    ['2026-03-10T14:23:00Z', 7],
    ['2026-03-10T03:05:00Z', 7],
    ['2026-07-01T21:47:00Z', 1],
    ['2026-11-23T09:00:00Z', 424242],
  ])('at %s with seed %i: one SLO breached, one at risk, the rest healthy', async (when, seed) => {
    NOW = new Date(when);
    await prom?.close();
    const metrics = buildMetrics(NOW.getTime() / 1000, seed);
    prom = await startPrometheusFake({ source: metrics.source, rules: () => metrics.rules, now: () => NOW });
    const defs = parseSloConfig(DEMO_SLOS);
    const reports = await evaluateSlos(client(), defs, NOW);
    const byName = Object.fromEntries(reports.map((r) => [r.name, r]));
    const summary = Object.fromEntries(reports.map((r) => [r.name, { status: r.status, compliance: r.compliance, burn1h: r.burnRates['1h'], error: r.error }]));
    expect(byName['Transaction success']!.status, JSON.stringify(summary)).toBe('breached');
    expect(byName['API availability']!.status, JSON.stringify(summary)).toBe('at_risk');
    for (const name of ['Website availability', 'Order processing', 'Search', 'Checkout completion']) {
      expect(byName[name]!.status, `${name}: ${JSON.stringify(summary[name])}`).toBe('healthy');
    }
    // Breached and burning now, so it pages.
    expect(byName['Transaction success']!.alert).toBe('page');
    // History for sparklines.
    for (const r of reports) expect(r.trend.length, r.name).toBeGreaterThan(50);
  }, 60_000);
});
