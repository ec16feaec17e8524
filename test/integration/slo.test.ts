/**
 * SLO figures against a real Prometheus 2.42 holding 30 days of backfilled history:
 * 100 requests a minute; a full outage of exactly 30 minutes ten days ago; and an ongoing
 * incident with 10% errors for the last 40 minutes. Expected values are worked out by hand
 * below from those facts, not from the generator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import { formatSloExplain } from '../../src/domain/slo/explain.js';
import type { SloReport } from '../../src/domain/slo/types.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { evaluateSlos, type SloPrometheus } from '../../src/sources/prometheus/slo/evaluate.js';
import { discoverSlos } from '../../src/sources/prometheus/slo/reader.js';
import { openMetricsCounter, openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const MIN = 60;
const DAY = 86_400;
// The end of the backfilled data, on an hour boundary two hours back: every query is pinned here.
const E = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const S = E - 30 * DAY;
const OUTAGE = E - 10 * DAY; // minutes ending in (OUTAGE, OUTAGE + 30m] are all errors
const INCIDENT = E - 40 * MIN; // minutes ending in (INCIDENT, E] have 10 errors of 100
const NOW = new Date(E * 1000);

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const badAt = (t: number) => 100 * clamp(Math.floor((t - OUTAGE) / MIN), 0, 30) + 10 * clamp(Math.floor((t - INCIDENT) / MIN), 0, 40);
const totalAt = (t: number) => 100 * ((t - S) / MIN);

function histogram(name: string, labels: string, from: number, to: number, under: number): string {
  const lines = [`# TYPE ${name} histogram`];
  for (let t = from; t <= to; t += MIN) {
    const n = ((t - from) / MIN) * 100;
    lines.push(`${name}_bucket{${labels},le="1.0"} ${(n * under) / 100} ${t}`, `${name}_bucket{${labels},le="+Inf"} ${n} ${t}`, `${name}_count{${labels}} ${n} ${t}`);
  }
  return `${lines.join('\n')}\n`;
}

const SLOTH = { sloth_id: 'web-requests', sloth_service: 'web', sloth_slo: 'requests' };
const slothRatios: Record<string, number> = { '5m': 0.1, '30m': 0.1, '1h': 400 / 6000, '2h': 400 / 12000, '6h': 400 / 36000, '1d': 400 / 144000, '3d': 400 / 432000, '30d': 3400 / 4_320_000 };

const history = openMetricsDocument(
  openMetricsCounter('http_requests', { job: 'api', code: '500' }, S, E, MIN, badAt),
  openMetricsCounter('http_requests', { job: 'api', code: '200' }, S, E, MIN, (t) => totalAt(t) - badAt(t)),
  // Traffic that stopped 90 minutes before E, for "no data since".
  openMetricsCounter('batch_requests', { job: 'batch' }, E - 6 * 3600, E - 90 * MIN, MIN, (t) => totalAt(t)),
  // A counter that exists but never moves: zero events, a division by zero.
  openMetricsCounter('idle_requests', { job: 'idle' }, S, E, MIN, () => 5),
  histogram('search_duration_seconds', 'job="search"', S, E, 97),
  // The series a Sloth rule set would have recorded, for the last few minutes before E.
  ...Object.entries(slothRatios).map(([w, v]) => openMetricsGauge(`slo:sli_error:ratio_rate${w}`, { ...SLOTH, sloth_window: w }, E - 10 * MIN, E, MIN, () => v)),
);

const slothRule = (w: string) => `      - record: slo:sli_error:ratio_rate${w}
        expr: (sum(rate(http_requests_total{job="api",code="500"}[${w}]))) / (sum(rate(http_requests_total{job="api"}[${w}])))
        labels: {sloth_id: web-requests, sloth_service: web, sloth_slo: requests, sloth_window: ${w}}`;
const rules = `groups:
  - name: sloth-slo-sli-recordings-web-requests
    rules:
${['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map(slothRule).join('\n')}
  - name: sloth-slo-meta-recordings-web-requests
    rules:
      - record: slo:objective:ratio
        expr: vector(0.9990000000000001)
        labels: {sloth_id: web-requests, sloth_service: web, sloth_slo: requests}
      - record: sloth_slo_info
        expr: vector(1)
        labels: {sloth_id: web-requests, sloth_service: web, sloth_slo: requests, sloth_objective: "99.9"}
  - name: sla
    rules:
      - record: sla:website_availability:ratio_30d
        expr: avg_over_time(probe_success{job="website"}[30d])
        labels: {objective: "99.9%", critical: "below 99.5%", service: website}
`;

let server: PromServer;
let prom: SloPrometheus;
let reports: Map<string, SloReport>;

const config = parseSloConfig([
  { name: 'API availability', service: 'api', objective: '99.9%', window: '30d', critical: 'below 99.5%', sli: { ratio: { bad: 'http_requests_total{job="api",code="500"}', total: 'http_requests_total{job="api"}' } } },
  { name: 'API weekly', service: 'api', objective: '99.9%', window: '7d', sli: { ratio: { good: 'http_requests_total{job="api",code="200"}', total: 'http_requests_total{job="api"}' } } },
  { name: 'Search', service: 'search', window: '30d', critical: 'p95 over 3s', sli: { latency: { metric: 'search_duration_seconds', le: '1', selector: '{job="search"}', target: '95%' } } },
  { name: 'Search strict', service: 'search', window: '30d', critical: 'p95 over 0.5s', sli: { latency: { metric: 'search_duration_seconds', le: 1, selector: '{job="search"}', target: '95%' } } },
  { name: 'Batch', service: 'batch', objective: '99%', window: '1h', sli: { ratio: { good: 'batch_requests_total', total: 'batch_requests_total' } } },
  { name: 'Idle', service: 'idle', objective: '99%', window: '1d', sli: { ratio: { good: 'idle_requests_total', total: 'idle_requests_total' } } },
]);

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: history, rules, backfillBlock: '24h' });
  prom = new PrometheusClient({ baseURL: server.url, name: 'prometheus', env: {} });
  reports = new Map((await evaluateSlos(prom, config, NOW)).map((r) => [r.name, r]));
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

const relClose = (actual: number | null | undefined, expected: number, rel = 0.01) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * rel + 1e-12);
};

describe('SLO figures on 30 days of real history', () => {
  it('computes 30-day compliance and the budget: 34m of 43m12s spent', () => {
    const r = reports.get('API availability')!;
    // 30 min × 100 errors + 40 min × 10 errors = 3400 bad of 43,200 min × 100 = 4,320,000.
    relClose(1 - r.compliance!, 3400 / 4_320_000, 1e-6);
    expect(r.budget!.totalMs).toBeCloseTo(43.2 * 60_000, 3);
    relClose(r.budget!.spentFraction, 34 / 43.2, 1e-6); // 34 minutes of full-outage equivalent
    relClose(r.budget!.remainingMs, 9.2 * 60_000, 1e-5); // 9m12s left
    expect(r.explain.find((e) => e.figure === 'budget remaining')!.value).toBe('21.3% (9m12s of 43m12s left)');
  });

  it('computes burn rates per window from the 40-minute incident', () => {
    const b = reports.get('API availability')!.burnRates;
    const budget = 0.001;
    relClose(b['5m'], 0.1 / budget); // 100×
    relClose(b['30m'], 0.1 / budget);
    relClose(b['1h'], 400 / 6000 / budget); // 66.7×
    relClose(b['2h'], 400 / 12000 / budget);
    relClose(b['6h'], 400 / 36000 / budget);
    relClose(b['1d'], 400 / 144000 / budget); // 2.78×
    relClose(b['3d'], 400 / 432000 / budget); // 0.926×
  });

  it('pages, counts down to exhaustion, and calls it at risk', () => {
    const r = reports.get('API availability')!;
    expect(r.alert).toBe('page');
    // 21.3% of a 30-day budget at 66.7× lasts 0.213 × 720h / 66.7 ≈ 2h18m.
    relClose(r.exhaustionMs, ((9.2 / 43.2) * 30 * DAY * 1000) / (400 / 6000 / 0.001));
    expect(r.status).toBe('at_risk');
  });

  it('draws the trend: 100% before the outage, today’s compliance at the end', () => {
    const r = reports.get('API availability')!;
    expect(r.trend.length).toBeGreaterThan(100);
    const before = r.trend.filter(([t]) => t < OUTAGE);
    expect(before.length).toBeGreaterThan(50);
    expect(before.every(([, v]) => v === 1)).toBe(true);
    const [lastT, lastV] = r.trend[r.trend.length - 1]!;
    expect(lastT).toBe(E);
    relClose(1 - lastV, 3400 / 4_320_000, 1e-6);
  });

  it('scales the thresholds for a 7-day window: only the incident counts, and it pages at 3.36×', () => {
    const r = reports.get('API weekly')!;
    relClose(1 - r.compliance!, 400 / (7 * 1440 * 100), 1e-6);
    relClose(r.budget!.spentFraction, 400 / (7 * 1440 * 100) / 0.001, 1e-6);
    expect(r.alert).toBe('page');
    expect(r.explain.find((e) => e.figure === 'alert')!.formula).toContain('page if burn 1h and 5m > 3.36×');
  });

  it('measures a latency SLO from histogram buckets written as le="1.0", and its p95', () => {
    const search = reports.get('Search')!;
    relClose(search.compliance, 0.97, 1e-6);
    // rank 95 of 100 in the first bucket [0, 1] holding 97: 95/97 s.
    relClose(search.latencyQuantileSeconds, 95 / 97, 1e-6);
    expect(search.status).toBe('healthy');
    expect(reports.get('Search strict')!.status).toBe('critical');
  });

  it('says when data stopped instead of showing 0% or 100%', () => {
    const batch = reports.get('Batch')!;
    expect(batch.status).toBe('no_data');
    expect(batch.compliance).toBeNull();
    // The 1h window last held two samples at E-30m (samples end at E-90m).
    expect(Math.abs(batch.noDataSince!.getTime() / 1000 - (E - 30 * MIN))).toBeLessThanOrEqual(3 * MIN);
    expect(formatSloExplain(batch)).toContain('no data since');
    const idle = reports.get('Idle')!;
    expect(idle.status).toBe('no_data');
    expect(idle.explain.find((e) => e.figure === 'compliance')!.value).toContain('division by zero');
  });

  it('explains a figure with the PromQL sent and the raw values', () => {
    const text = formatSloExplain(reports.get('API availability')!);
    expect(text).toContain('sum(increase(http_requests_total{job="api",code="500"}[30d]))');
    expect(text).toContain('bad = 3400 @');
    expect(text).toContain('total = 4320000 @');
  });
});

describe('discovery from the real rules API', () => {
  it('finds the Sloth SLO and the sla: rule, and evaluates the Sloth one from its recorded series', async () => {
    const found = await discoverSlos(prom);
    expect(found.map((d) => [d.id, d.source]).sort()).toEqual([['web-requests', 'sloth'], ['website-availability', 'rule']]);
    const [r] = await evaluateSlos(prom, found.filter((d) => d.source === 'sloth'), NOW, { trend: false });
    relClose(1 - r!.compliance!, 3400 / 4_320_000, 1e-6);
    relClose(r!.burnRates['1h'], 400 / 6000 / 0.001, 1e-6);
    expect(r!.alert).toBe('page');
  });
});

/**
 * Counts the client's calls (each is one HTTP request). With refuseBatches it refuses a batched
 * query as a server without label_replace would, so every query goes alone: today's evaluation.
 */
function counting(inner: SloPrometheus, refuseBatches = false) {
  const counts = { query: 0, queryRange: 0 };
  const prom: SloPrometheus = {
    query: async (expr, time) => {
      counts.query++;
      if (refuseBatches && expr.includes('"oncall_q"')) throw new OncallError('usage', 'batches refused', { source: 'prometheus', status: 400 });
      return inner.query(expr, time);
    },
    queryRange: async (...args) => {
      counts.queryRange++;
      return inner.queryRange(...args);
    },
    rules: (type) => inner.rules(type),
  };
  return { prom, counts };
}

const readyKinds = parseSloConfig([
  { name: 'Ready NaN', service: 'idle', objective: '99%', window: '1d', sli: { query: 'sum(increase(idle_requests_total[{{.window}}])) / sum(increase(idle_requests_total[{{.window}}])) # 0/0' } },
  { name: 'Ready no series', service: 'none', objective: '99%', window: '1d', sli: { query: 'sum(rate(nothing_total[{{.window}}]))' } },
  { name: 'Ready +Inf', service: 'api', objective: '99%', window: '1d', sli: { query: 'sum(increase(http_requests_total{job="api"}[{{.window}}])) / 0' } },
  { name: 'Ready several', service: 'api', objective: '99%', window: '1d', sli: { query: 'sum by (code) (increase(http_requests_total{job="api"}[{{.window}}]))', measures: 'bad' } },
  {
    name: 'Ready error ratio', service: 'api', objective: '99.9%', window: '30d',
    sli: { query: 'sum(rate(http_requests_total{job="api",code="500"}[{{.window}}])) / sum(rate(http_requests_total{job="api"}[{{.window}}]))', measures: 'bad' },
  },
]);

describe('one request for all instant queries of an SLO', () => {
  it('gives the same reports, explain text included, as one request per query', async () => {
    const defs = [...config, ...readyKinds, ...(await discoverSlos(prom)).filter((d) => d.source === 'sloth')];
    const batched = await evaluateSlos(counting(prom).prom, defs, NOW);
    const alone = await evaluateSlos(counting(prom, true).prom, defs, NOW);
    expect(batched).toEqual(alone);
    expect(batched.map((r) => formatSloExplain(r))).toEqual(alone.map((r) => formatSloExplain(r)));
    const byName = new Map(batched.map((r) => [r.name, r]));
    // The kinds this compares: NaN, no series, +Inf, several series, a p95, a discovered SLO.
    expect(byName.get('Ready NaN')!.explain[0]!.raw).toMatch(/^NaN @ /);
    expect(byName.get('Ready no series')!.explain[0]!.raw).toBe('empty result (no series)');
    expect(byName.get('Ready +Inf')!.explain[0]!.raw).toMatch(/^\+Inf @ /);
    expect(byName.get('Ready several')!.explain[0]!.value).toBe('no data: 2 series; the query must return one (wrap it in sum() or avg())');
    expect(byName.get('Ready several')!.explain[0]!.raw).toMatch(/^\d+ @ \S+, \d+ @ \S+$/);
    relClose(byName.get('Ready error ratio')!.burnRates['1h'], 400 / 6000 / 0.001, 1e-6);
    relClose(byName.get('Search')!.latencyQuantileSeconds, 95 / 97, 1e-6);
    expect(byName.get('requests')!.source).toBe('sloth');
  });

  it('evaluates one SLO with two requests: the batched instant queries and the trend', async () => {
    // Ratio, latency with its p95, and a ready ratio ending in a # comment.
    for (const def of [config[0]!, config[2]!, readyKinds[0]!]) {
      const { prom: counted, counts } = counting(prom);
      const [r] = await evaluateSlos(counted, [def], NOW);
      expect(r!.error).toBeUndefined();
      expect(counts).toEqual({ query: 1, queryRange: 1 });
    }
  });

  it('sends each query alone when the batch is refused, so an error names the query that caused it', async () => {
    const defs = parseSloConfig([
      // label_replace takes no scalar, but the scalar alone is a fine ratio.
      { name: 'Scalar', service: 'web', objective: '99%', window: '1d', sli: { query: '0.995', burn_queries: { '1h': 'vector(0.99)' } } },
      // One burn query with a syntax error: the others still answer.
      {
        name: 'Typo', service: 'api', objective: '99.9%', window: '1d',
        sli: { query: 'vector(0.999)', burn_queries: { '5m': 'vector(0.9)', '1h': 'sum(rate(http_requests_total{job="api"}[1h])' } },
      },
    ]);
    const { prom: counted, counts } = counting(prom);
    const [scalar, typo] = await evaluateSlos(counted, defs, NOW, { trend: false });
    // Per SLO: the refused batch, then each query alone (the figures, and how far back the data goes).
    expect(counts.query).toBe((1 + 3) + (1 + 4));
    expect(await evaluateSlos(counting(prom, true).prom, defs, NOW, { trend: false })).toEqual([scalar, typo]);
    expect(scalar!.compliance).toBeCloseTo(0.995, 12);
    relClose(scalar!.burnRates['1h'], 1, 1e-9);
    expect(scalar!.error).toBeUndefined();
    expect(typo!.burnRates['5m']).toBeCloseTo(100, 6);
    // 1:45 is the end of this query (44 characters), not a place in the batch.
    expect(typo!.error).toBe('burn 1h: prometheus: Prometheus rejected the query: invalid parameter "query": 1:45: parse error: unclosed left parenthesis — check the PromQL (and any time range or step)');
  });
});

describe('a query ending in a # comment, on Prometheus 2.42', () => {
  const errorRatio = 'sum(rate(http_requests_total{job="api",code="500"}[{{.window}}])) / sum(rate(http_requests_total{job="api"}[{{.window}}]))';
  const events = (code: string) => `sum(increase(http_requests_total{job="api"${code}}[{{.window}}]))`;
  const ratio = (sli: object) => ({ service: 'api', objective: '99.9%', window: '30d', critical: 'below 99.5%', sli });
  const latency = (selector: string) => ({
    service: 'search', window: '30d', critical: 'p95 over 3s',
    sli: { latency: { metric: 'search_duration_seconds', le: '1', selector, target: '95%' } },
  });
  /** [what it covers, the entry with comments, the same without]. */
  const pairs: Array<[string, object, object]> = [
    // A ready ratio of bad events: the trend query wraps it as 1 - (…).
    ['ready bad ratio', ratio({ query: `${errorRatio} # 5xx share`, measures: 'bad' }), ratio({ query: errorRatio, measures: 'bad' })],
    // Event counts as expressions: the trend query wraps each as (…) / (…).
    [
      'event count expressions',
      ratio({ ratio: { bad: `${events(',code="500"')} # 5xx`, total: `${events('')} # all` } }),
      ratio({ ratio: { bad: events(',code="500"'), total: events('') } }),
    ],
    // A comment inside a latency selector: the bucket, count and p95 queries splice the selector.
    ['latency selector', latency('{job="search" # the public one\n}'), latency('{job="search"}')],
  ];
  /** Everything but the PromQL text, which differs by the comments. */
  const figures = ({ id: _id, name: _name, explain, ...rest }: SloReport) => ({ ...rest, explain: explain.map(({ query: _q, ...e }) => e) });

  it.each(pairs)('%s: evaluates with a trend and the same figures as without the comment', async (_kind, commented, plain) => {
    const [withComment, without] = await evaluateSlos(prom, parseSloConfig([{ name: 'Commented', ...commented }, { name: 'Plain', ...plain }]), NOW);
    expect(withComment!.error).toBeUndefined();
    expect(withComment!.trend.length).toBeGreaterThan(100);
    expect(figures(withComment!)).toEqual(figures(without!));
    // The comment is sent as written, not stripped.
    expect(withComment!.explain.find((e) => e.figure === 'trend')!.query).toMatch(/ # /);
  }, 60_000);
});
