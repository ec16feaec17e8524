/**
 * The dashboard's SLO trends against a real Prometheus 2.42: after the first load, a poll asks only
 * for the span since the last point, and the trend it keeps is exactly the
 * one a fresh reader gets by reading the whole window. A 1h window (a 60 s step) keeps the backfill
 * small; the grid arithmetic is the same as for 30 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SloDefinition, SloReport } from '../../src/domain/slo/types.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import type { SloPrometheus } from '../../src/sources/prometheus/slo/evaluate.js';
import { SloReader } from '../../src/sources/prometheus/slo/reader.js';
import { openMetricsCounter, openMetricsDocument, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const MIN = 60;
const E = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const S = E - 3 * 3600;
// Errors come and go, so every minute of the trend differs from the next.
const badAt = (t: number) => Math.floor((t - S) / MIN) * (1 + (Math.floor((t - S) / 600) % 3));
const totalAt = (t: number) => ((t - S) / MIN) * 100;

const history = openMetricsDocument(
  openMetricsCounter('req', { code: '500' }, S, E, 15, badAt),
  openMetricsCounter('req', { code: '200' }, S, E, 15, (t) => totalAt(t) - badAt(t)),
);

const slo: SloDefinition = {
  id: 'api', name: 'api', service: 'api', objective: 0.99, window: '1h', windowMs: 3_600_000, source: 'config',
  sli: { kind: 'ratio', bad: 'req_total{code="500"}', total: 'req_total' },
};

interface Asked { start: number; end: number; step: number }

/** The real client, recording every range query it is asked for. */
function recording(prom: PrometheusClient): { prom: SloPrometheus; asked: Asked[] } {
  const asked: Asked[] = [];
  return {
    asked,
    prom: {
      query: (e, t) => prom.query(e, t),
      rules: (t) => prom.rules(t),
      queryRange: (e, start, end, step) => {
        asked.push({ start: start.getTime() / 1000, end: end.getTime() / 1000, step });
        return prom.queryRange(e, start, end, step);
      },
    },
  };
}

const points = (asked: Asked[]) => asked.reduce((n, a) => n + Math.floor((a.end - a.start) / a.step) + 1, 0);
const seconds = (asked: Asked[]) => asked.reduce((n, a) => n + (a.end - a.start), 0);

let server: PromServer;
let client: PrometheusClient;

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: history });
  client = new PrometheusClient({ name: 'prometheus', baseURL: server.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('SLO trends read incrementally', () => {
  it('asks only for the new span at the next poll, and keeps the trend a full read gives', async () => {
    let now = new Date((E - 40 * MIN + 17) * 1000);
    const rec = recording(client);
    const reader = new SloReader(rec.prom, [slo], { trend: true, incremental: true, now: () => now });
    const [first] = (await reader.load()).reports as [SloReport];
    expect(first.trend.length).toBeGreaterThan(55);
    expect(seconds(rec.asked)).toBeGreaterThanOrEqual(3600 - 60);

    rec.asked.length = 0;
    now = new Date(now.getTime() + 5 * MIN * 1000);
    const [second] = (await reader.load()).reports as [SloReport];
    // Five new grid points instead of 61; the point at `now` comes from the instant queries.
    expect(points(rec.asked)).toBe(5);
    expect(seconds(rec.asked)).toBeLessThanOrEqual(5 * MIN);

    const fresh = recording(client);
    const [full] = (await new SloReader(fresh.prom, [slo], { trend: true, incremental: true, now: () => now }).load()).reports as [SloReport];
    expect(points(fresh.asked)).toBeGreaterThan(55);
    expect(second.trend).toEqual(full.trend);
    expect(second.trend[second.trend.length - 1]![0]).toBe(now.getTime() / 1000);
    expect(second.trend[0]![0]).toBeGreaterThanOrEqual(now.getTime() / 1000 - 3600);
  });

  it('reads the whole window again after an hour', async () => {
    let now = new Date((E - 150 * MIN + 5) * 1000);
    const rec = recording(client);
    const reader = new SloReader(rec.prom, [slo], { trend: true, incremental: true, now: () => now });
    await reader.load();
    rec.asked.length = 0;
    now = new Date(now.getTime() + 61 * MIN * 1000);
    await reader.load();
    expect(seconds(rec.asked)).toBeGreaterThanOrEqual(3600 - 60);
  });
});
