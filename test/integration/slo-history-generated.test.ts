/**
 * `oncall slo --history` on Sloth's and Pyrra's generated rules, loaded into a real Prometheus 2.42
 * holding 6 days of raw request counters (5-minute samples) with a 2-hour outage of 100% errors on
 * day 3. Their recorded SLI series start when the rules are loaded, so they cover none of the history:
 * it must come from the raw SLI rules' own expressions (Sloth's per-window ratios, Pyrra's 5m rates).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oncallAgainst } from '../helpers/oncall.js';
import { openMetricsCounter, openMetricsDocument, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
const STEP = 5 * MIN;
const E = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const S = E - 6 * DAY;
const OUT = S + 2 * DAY + 7 * HOUR + 20 * MIN; // every request in (OUT, OUT + 2h] fails
const BACK = OUT + 2 * HOUR;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const totalAt = (t: number) => 100 * ((t - S) / STEP);
const badAt = (t: number) => 100 * (clamp(t - OUT, 0, 2 * HOUR) / STEP);

const data = openMetricsDocument(
  openMetricsCounter('http_requests', { job: 'api', code: '500' }, S, E, STEP, badAt),
  openMetricsCounter('http_requests', { job: 'api', code: '200' }, S, E, STEP, (t) => totalAt(t) - badAt(t)),
);

// As Sloth 0.11 writes them: each burn window's ratio from the raw counters, the period from the recorded 5m one.
const SLOTH = 'sloth_id: api-requests, sloth_service: api, sloth_slo: requests';
const slothSli = (w: string) => `      - record: slo:sli_error:ratio_rate${w}
        expr: (sum(rate(http_requests_total{job="api",code=~"5.."}[${w}]))) / (sum(rate(http_requests_total{job="api"}[${w}])))
        labels: {${SLOTH}, sloth_window: ${w}}`;
const sel = '{sloth_id="api-requests", sloth_service="api", sloth_slo="requests"}';
// As Pyrra's generic rules write them (objective 99% over 4 weeks).
const rules = `groups:
  - name: sloth-slo-sli-recordings-api-requests
    rules:
${['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map(slothSli).join('\n')}
      - record: slo:sli_error:ratio_rate30d
        expr: sum_over_time(slo:sli_error:ratio_rate5m${sel}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m${sel}[30d])
        labels: {${SLOTH}, sloth_window: 30d}
  - name: sloth-slo-meta-recordings-api-requests
    rules:
      - record: slo:objective:ratio
        expr: vector(0.9990000000000001)
        labels: {${SLOTH}}
  - name: pyrra-api-pyrra-increase
    rules:
      - record: http_requests:increase4w
        expr: sum by (code) (increase(http_requests_total{job="api"}[4w]))
        labels: {slo: api-pyrra}
  - name: pyrra-api-pyrra-generic
    rules:
      - record: pyrra_objective
        expr: vector(0.99)
        labels: {slo: api-pyrra}
      - record: pyrra_window
        expr: vector(2419200)
        labels: {slo: api-pyrra}
      - record: pyrra_availability
        expr: 1 - sum(http_requests:increase4w{code=~"5..",slo="api-pyrra"} or vector(0)) / sum(http_requests:increase4w{slo="api-pyrra"})
        labels: {slo: api-pyrra}
      - record: pyrra_requests:rate5m
        expr: sum(rate(http_requests_total{job="api"}[5m]))
        labels: {slo: api-pyrra}
      - record: pyrra_errors:rate5m
        expr: sum(rate(http_requests_total{code=~"5..",job="api"}[5m])) or vector(0)
        labels: {slo: api-pyrra}
`;

interface Period { start: string; end: string | null; ongoing: boolean }
interface Reading { stepSeconds: number; periods: Period[]; error?: string; note?: string }
interface History { badStretches: Reading; breaches: Reading; worst: { compliance: number; at: string } | null }

let server: PromServer;
let dir: string;
let byId: Map<string, History>;

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: data, rules, backfillBlock: '24h' });
  dir = await mkdtemp(join(tmpdir(), 'oncall-generated-history-'));
  const { out, err } = await oncallAgainst(dir, { prometheus: server.url }, ['slo', '--history', '6d', '-o', 'json']);
  expect(err).toBe('');
  byId = new Map((JSON.parse(out) as Array<{ id: string; history: History }>).map((s) => [s.id, s.history]));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sec = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : NaN);

/** When the errors since the data began first pass `budget` of the requests. */
function firstBreach(budget: number): number {
  let t = OUT + STEP;
  while (badAt(t) / totalAt(t) <= budget) t += STEP;
  return t;
}

describe.each([
  ['Sloth', 'api-requests', 0.001],
  ['Pyrra', 'api-pyrra', 0.01],
])('history of %s’s SLO from its raw SLI rules', (_tool, id, budget) => {
  it('finds the outage as a bad stretch of the 1h SLI, with its start and end within one step, and says how', () => {
    const { badStretches } = byId.get(id)!;
    expect(badStretches.error).toBeUndefined();
expect(badStretches.note).toMatch(/before it, the SLI rules' own expression with a 1h range was evaluated/);
    expect(badStretches.periods).toHaveLength(1);
    const [p] = badStretches.periods;
    expect(Math.abs(sec(p!.start) - OUT)).toBeLessThanOrEqual(HOUR);
    expect(Math.abs(sec(p!.end) - BACK)).toBeLessThanOrEqual(HOUR);
  });

  it('finds the breach of its window from the outage on, still ongoing, and the worst compliance right after it', () => {
    const { breaches, worst } = byId.get(id)!;
    expect(breaches.error).toBeUndefined();
    expect(breaches.stepSeconds).toBeGreaterThanOrEqual(HOUR);
expect(breaches.note).toMatch(/before it, the SLI rules' own expression with a (30d|28d) range was evaluated/);
    expect(breaches.periods).toHaveLength(1);
    expect(Math.abs(sec(breaches.periods[0]!.start) - firstBreach(budget))).toBeLessThanOrEqual(breaches.stepSeconds);
    expect(breaches.periods[0]).toMatchObject({ end: null, ongoing: true });
    // 2 hours of errors among the requests since the data began: the fewest good ones just after the outage.
    expect(sec(worst!.at)).toBeGreaterThan(BACK);
    expect(sec(worst!.at)).toBeLessThanOrEqual(BACK + breaches.stepSeconds);
    expect(worst!.compliance).toBeCloseTo(1 - badAt(BACK) / totalAt(sec(worst!.at)), 2);
  });
});
