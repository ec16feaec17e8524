/**
 * `oncall slo --history` against a real Prometheus 2.42 holding 3 days of backfilled history
 * (5-minute samples; kept short because promtool's backfill of 30 days takes minutes here):
 * 100 requests per 5 minutes; a full outage of exactly 2 hours 30 hours before the end; and, for
 * the last 30 minutes, 4% errors (an SLI below the 99% objective but above the 95% critical line).
 * The SLO's window is 1 day, so the outage breaches it until the outage leaves the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import type { HistoryPeriod, SloHistory } from '../../src/domain/slo/history.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { readHistory } from '../../src/sources/prometheus/slo/history.js';
import { SloReader } from '../../src/sources/prometheus/slo/reader.js';
import { openMetricsCounter, openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const STEP = 300;
const HOUR = 3600;
// The end of the data, on an hour boundary: the history is read as of this moment.
const E = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const S = E - 3 * 86_400;
const OUTAGE = E - 30 * HOUR; // every request in (OUTAGE, OUTAGE + 2h] fails
const OUTAGE_END = OUTAGE + 2 * HOUR;
const LATE = E - 30 * 60; // 4 of 100 requests fail in (LATE, E]

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const totalAt = (t: number) => 100 * ((t - S) / STEP);
const badAt = (t: number) => 100 * clamp((t - OUTAGE) / STEP, 0, 24) + 4 * clamp((t - LATE) / STEP, 0, 6);

const data = openMetricsDocument(
  openMetricsCounter('http_requests', { job: 'api', code: '500' }, S, E, STEP, badAt),
  openMetricsCounter('http_requests', { job: 'api', code: '200' }, S, E, STEP, (t) => totalAt(t) - badAt(t)),
  // The same outage seen by a probe, behind an sla: recording rule that Prometheus only starts to record now.
  openMetricsGauge('probe_success', { job: 'website' }, S, E, STEP, (t) => (t > OUTAGE && t <= OUTAGE_END ? 0 : 1)),
);

const rules = `groups:
  - name: sla
    rules:
      - record: sla:website_availability:ratio_1d
        expr: avg_over_time(probe_success{job="website"}[1d])
        labels: {objective: "99%", critical: "below 95%", service: website}
`;

const [slo] = parseSloConfig([
  { name: 'API daily', service: 'api', objective: '99%', window: '1d', critical: 'below 95%', sli: { ratio: { bad: 'http_requests_total{job="api",code="500"}', total: 'http_requests_total{job="api"}' } } },
]);

let server: PromServer;
let history: SloHistory;
let fromRule: SloHistory;

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: data, rules });
  const prom = new PrometheusClient({ baseURL: server.url, name: 'prometheus', env: {} });
  history = await readHistory(prom, slo!, new Date(E * 1000), 3 * 86_400_000);
  const discovered = await new SloReader(prom, [], { now: () => new Date(E * 1000) }).history(3 * 86_400_000, () => true);
  fromRule = [...discovered.values()][0] as SloHistory;
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

/** A period's bounds in Unix seconds, null for an ongoing end. */
const bounds = (p: HistoryPeriod | undefined) => [p ? p.start.getTime() / 1000 : NaN, p?.end ? p.end.getTime() / 1000 : null];

describe('SLO history on real Prometheus', () => {
  it('finds the outage with its start and end, within one step, and nothing else below the critical line', () => {
    const { outages } = history;
    expect(outages?.error).toBeUndefined();
    expect(outages?.periods).toHaveLength(1);
    const [start, end] = bounds(outages!.periods[0]);
    expect(Math.abs(start! - OUTAGE)).toBeLessThanOrEqual(outages!.stepSeconds);
    expect(Math.abs(end! - OUTAGE_END)).toBeLessThanOrEqual(outages!.stepSeconds);
    expect(outages!.periods[0]!.ongoing).toBe(false);
  });

  it('lists the outage and the ongoing stretch of 4% errors as bad stretches, the latter with no end', () => {
    const { badStretches } = history;
    expect(badStretches.window).toBe('1h');
    expect(badStretches.periods).toHaveLength(2);
    const [outage, late] = badStretches.periods;
    expect(Math.abs(outage!.start.getTime() / 1000 - OUTAGE)).toBeLessThanOrEqual(HOUR);
    expect(late).toMatchObject({ ongoing: true, end: null });
    expect(Math.abs(late!.start.getTime() / 1000 - LATE)).toBeLessThanOrEqual(HOUR);
  });

  it('reports the breach of the 1-day window from the outage until the outage leaves the window, and the worst compliance', () => {
    const { breaches, worst } = history;
    expect(breaches.stepSeconds).toBeGreaterThanOrEqual(HOUR);
    expect(breaches.periods).toHaveLength(1);
    const [start, end] = bounds(breaches.periods[0]);
    expect(Math.abs(start! - OUTAGE)).toBeLessThanOrEqual(breaches.stepSeconds);
    expect(Math.abs(end! - (OUTAGE_END + 86_400))).toBeLessThanOrEqual(breaches.stepSeconds);
    // 2 hours of a day failed: 1 − 2/24.
    expect(worst!.compliance).toBeCloseTo(1 - 2 / 24, 2);
    expect(worst!.at.getTime() / 1000).toBeGreaterThanOrEqual(OUTAGE_END - HOUR);
    expect(worst!.at.getTime() / 1000).toBeLessThanOrEqual(OUTAGE_END + 86_400);
  });

  it('evaluates an sla: rule\'s own expression where its recorded series has no data, says so, and finds the outage', () => {
    expect(fromRule.breaches.error).toBeUndefined();
    expect(fromRule.breaches.note).toMatch(/recorded series has no data in the range: before it, the rule's own expression was evaluated/);
    expect(fromRule.breaches.periods).toHaveLength(1);
    const [start, end] = bounds(fromRule.breaches.periods[0]);
    expect(Math.abs(start! - OUTAGE)).toBeLessThanOrEqual(fromRule.breaches.stepSeconds);
    expect(Math.abs(end! - (OUTAGE_END + 86_400))).toBeLessThanOrEqual(fromRule.breaches.stepSeconds);
    expect(fromRule.outages?.note).toMatch(/no recorded 1h series: the rule's own expression with a 1h range/);
    expect(fromRule.outages?.periods).toHaveLength(1);
    const [oStart, oEnd] = bounds(fromRule.outages!.periods[0]);
    expect(Math.abs(oStart! - OUTAGE)).toBeLessThanOrEqual(HOUR);
    expect(Math.abs(oEnd! - OUTAGE_END)).toBeLessThanOrEqual(HOUR);
  });
});
