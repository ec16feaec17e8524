import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../../../src/domain/slo/config.js';
import { formatSloExplain } from '../../../../src/domain/slo/explain.js';
import { OncallError } from '../../../../src/domain/errors.js';
import type { Rule, Sample } from '../../../../src/domain/types.js';
import { PrometheusClient } from '../../../../src/sources/prometheus/client.js';
import { NO_RETRY } from '../../../../src/sources/ratelimit.js';
import { rejection } from '../../../helpers/errors.js';
import { evaluateSlos, type SloPrometheus } from '../../../../src/sources/prometheus/slo/evaluate.js';
import { resolveSlos, SloReader } from '../../../../src/sources/prometheus/slo/reader.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const t = NOW.getTime() / 1000;

/** The tagged parts of a batched query (src/sources/prometheus/batch.ts), or null for a plain query. */
function batchParts(expr: string): Array<[string, string]> | null {
  const parts = [...expr.matchAll(/label_replace\((.*?), "oncall_q", "(\d+)", "", ""\)/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  return parts.length > 0 ? parts : null;
}

/**
 * Answers instant queries from a table: expr → value, Error (thrown), or missing (empty result).
 * A batch is answered as Prometheus would: every part tagged, or refused (bad_data) when a part
 * fails or `refuseBatches` is set; `batchError` fails the batch itself with that error.
 */
function fakeProm(
  values: Record<string, number | Error>,
  opts: { trend?: Array<[number, number]>; rules?: Rule[] | Error; refuseBatches?: boolean; batchError?: Error } = {},
) {
  let active = 0;
  const stats = { maxActive: 0, queries: [] as string[], batches: 0 };
  const slow = async <T>(f: () => T): Promise<T> => {
    active++;
    stats.maxActive = Math.max(stats.maxActive, active);
    await new Promise((r) => setImmediate(r));
    active--;
    return f();
  };
  const prom: SloPrometheus = {
    query: (expr) => slow(() => {
      stats.queries.push(expr);
      const answer = (e: string, metric: Record<string, string>): Sample[] => {
        const v = Object.entries(values).find(([k]) => e.includes(k))?.[1];
        if (v instanceof Error) throw v;
        return v === undefined ? [] : [{ metric, value: v, time: t }];
      };
      const parts = batchParts(expr);
      if (!parts) return { samples: answer(expr, {}), warnings: [] };
      stats.batches++;
      if (opts.batchError) throw opts.batchError;
      const refused = new OncallError('usage', 'Prometheus rejected the query: bad_data', { source: 'prometheus', status: 400 });
      if (opts.refuseBatches) throw refused;
      try {
        return { samples: parts.flatMap(([e, tag]) => answer(e, { oncall_q: tag })), warnings: [] };
      } catch {
        throw refused;
      }
    }),
    queryRange: (_expr, _s, _e, step) => slow(() => ({ series: opts.trend ? [{ metric: {}, points: opts.trend }] : [], stepSeconds: step, warnings: [] })),
    rules: async () => {
      if (opts.rules instanceof Error) throw opts.rules;
      return opts.rules ?? [];
    },
  };
  return { prom, stats };
}

const api = (name = 'API', metric = 'req') => ({
  name, service: 'api', objective: '99.9%', window: '30d', critical: 'below 99.5%',
  sli: { ratio: { bad: `${metric}_total{code="500"}`, total: `${metric}_total` } },
});
const bad = (m: string, w: string) => `increase(${m}_total{code="500"}[${w}])`;
const all = (m: string, w: string) => `increase(${m}_total[${w}])`;

function traffic(m: string, perWindow: Record<string, [number, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [w, [b, total]] of Object.entries(perWindow)) {
    out[bad(m, w)] = b;
    out[all(m, w)] = total;
  }
  return out;
}

describe('evaluateSlos', () => {
  it('reports every status before the sparklines: all instant batches go out before any range query', async () => {
    const { prom } = fakeProm(traffic('req', { '30d': [5000, 1_000_000] }), { trend: [[t, 0.995]] });
    const order: string[] = [];
    let release!: () => void;
    const trendsMayAnswer = new Promise<void>((resolve) => (release = resolve));
    const gated: SloPrometheus = {
      ...prom,
      query: (expr, at) => {
        order.push('instant');
        return prom.query(expr, at);
      },
      queryRange: async (...args) => {
        order.push('range');
        await trendsMayAnswer;
        return prom.queryRange(...args);
      },
    };
    let early: Awaited<ReturnType<typeof evaluateSlos>> | undefined;
    const full = evaluateSlos(gated, parseSloConfig([api('A'), api('B'), api('C')]), NOW, {
      maxInFlight: 2,
      onStatus: (reports) => {
        early = reports;
        release();
      },
    });
    const reports = await full;
    expect(order).toEqual(['instant', 'instant', 'instant', 'range', 'range', 'range']);
    expect(early!.map((r) => [r.name, r.status, r.trend.length])).toEqual([['A', 'breached', 0], ['B', 'breached', 0], ['C', 'breached', 0]]);
    expect(reports.map((r) => [r.name, r.status, r.trend.length])).toEqual([['A', 'breached', 1], ['B', 'breached', 1], ['C', 'breached', 1]]);
    expect({ ...reports[0]!, trend: [], explain: [] }).toMatchObject({ ...early![0]!, trend: [], explain: [] });
  });

  it('computes compliance, budget, burn rates, alert and exhaustion from the answers', async () => {
    const { prom } = fakeProm(traffic('req', {
      '30d': [500, 1_000_000], '5m': [2, 100], '30m': [8, 1000], '1h': [10, 1000], '2h': [5, 1000], '6h': [7, 1000], '1d': [1, 1000], '3d': [1, 1000],
    }));
    const [r] = await evaluateSlos(prom, parseSloConfig([api()]), NOW);
    expect(r!.compliance).toBeCloseTo(0.9995, 12);
    expect(r!.budget!.totalMs).toBeCloseTo(2_592_000, 3);
    expect(r!.budget!.remainingFraction).toBeCloseTo(0.5, 9);
    expect(r!.burnRates['1h']).toBeCloseTo(10, 9);
    expect(r!.burnRates['5m']).toBeCloseTo(20, 9);
    expect(r!.alert).toBe('page'); // 6h at 7× and 30m at 8× are both over 6×
    expect(r!.exhaustionMs).toBeCloseTo((0.5 * 30 * 86_400_000) / 10, 0);
    expect(r!.status).toBe('at_risk');
    const compliance = r!.explain.find((e) => e.figure === 'compliance')!;
    expect(compliance.query).toContain('sum(increase(req_total{code="500"}[30d]))');
    expect(compliance.raw).toContain('bad = 500 @ 2026-03-01T12:00:00Z; total = 1000000 @ 2026-03-01T12:00:00Z');
    expect(compliance.formula).toContain('bad / total = 500 / 1000000');
    // The explanation says the status in words, as the strip and the table do, down to its last line.
    expect(formatSloExplain(r!)).toMatch(/status: at risk/);
    expect(formatSloExplain(r!)).not.toContain('at_risk');
  });

  it('shows an SLO with no traffic as no data since the last trend point, never as 100%', async () => {
    const { prom } = fakeProm(traffic('req', { '30d': [0, 0] }), { trend: [[t - 7200, 0.9991], [t - 3600, 0.9992], [t, Number.NaN]] });
    const [r] = await evaluateSlos(prom, parseSloConfig([api()]), NOW);
    expect(r!.status).toBe('no_data');
    expect(r!.compliance).toBeNull();
    expect(r!.budget).toBeNull();
    expect(r!.noDataSince).toEqual(new Date((t - 3600) * 1000));
    expect(r!.trend).toEqual([[t - 7200, 0.9991], [t - 3600, 0.9992]]);
    expect(Object.values(r!.burnRates).every((b) => b === null)).toBe(true);
    expect(r!.alert).toBe('none');
    expect(formatSloExplain(r!)).toContain('status no data since 2026-03-01T11:00:00Z');
  });

  it('keeps evaluating the others when one SLO fails, and says why', async () => {
    const boom = new OncallError('server', 'bad_data: parse error', { source: 'prometheus' });
    const { prom } = fakeProm({ ...traffic('ok', { '30d': [0, 1000] }), [all('broken', '30d')]: boom });
    const [broken, fine] = await evaluateSlos(prom, parseSloConfig([api('Broken', 'broken'), api('Fine', 'ok')]), NOW);
    expect(broken!.status).toBe('error');
    expect(broken!.error).toBe('prometheus: bad_data: parse error');
    expect(broken!.compliance).toBeNull();
    expect(fine!.status).toBe('healthy');
    expect(fine!.compliance).toBe(1);
  });

  it('keeps the status but reports a failed burn query', async () => {
    const { prom } = fakeProm({ ...traffic('req', { '30d': [0, 1000] }), [all('req', '3d')]: new Error('timeout') });
    const [r] = await evaluateSlos(prom, parseSloConfig([api()]), NOW);
    expect(r!.status).toBe('healthy');
    expect(r!.burnRates['3d']).toBeNull();
    expect(r!.error).toBe('burn 3d: timeout');
  });

  it('marks critical past the critical threshold', async () => {
    const { prom } = fakeProm(traffic('req', { '30d': [6, 1000] }));
    expect((await evaluateSlos(prom, parseSloConfig([api()]), NOW))[0]!.status).toBe('critical');
  });

  it('sends the instant queries of one SLO as one request, and reads them as if sent alone', async () => {
    const values = traffic('req', { '30d': [500, 1_000_000], '5m': [2, 100], '1h': [10, 1000], '1d': [0, 0] });
    const batched = fakeProm(values);
    const alone = fakeProm(values, { refuseBatches: true });
    const [r] = await evaluateSlos(batched.prom, parseSloConfig([api()]), NOW);
    expect(batched.stats.queries).toHaveLength(1);
    expect(batched.stats.queries[0]).toContain('label_replace(sum(increase(req_total{code="500"}[30d])), "oncall_q", "0", "", "") or ');
    expect(r).toEqual((await evaluateSlos(alone.prom, parseSloConfig([api()]), NOW))[0]);
    // A refused batch: the same report from one request per query.
    // 16 figures and how far back the data goes.
    expect(alone.stats.queries).toHaveLength(1 + 17);
  });

  it('runs the requests of many SLOs in parallel, never more than six at once, refused batches included', async () => {
    const defs = parseSloConfig([1, 2, 3, 4].map((i) => api(`S${i}`)));
    for (const refuseBatches of [false, true]) {
      const { prom, stats } = fakeProm(traffic('req', { '30d': [0, 1000] }), { refuseBatches });
      const reports = await evaluateSlos(prom, defs, NOW);
      expect(reports.map((r) => r.status)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
      expect(stats.maxActive).toBe(6);
      expect(stats.batches).toBe(4);
      expect(stats.queries.length).toBe(refuseBatches ? 4 * (1 + 17) : 4);
    }
  });

  it('fails every figure with a transport failure of the batch, without sending each query alone', async () => {
    const refused = new OncallError('network', 'connection refused at http://127.0.0.1:9/api/v1/query', { source: 'prometheus', hint: 'is it running?' });
    const { prom, stats } = fakeProm(traffic('req', { '30d': [0, 1000] }), { batchError: refused });
    const [r] = await evaluateSlos(prom, parseSloConfig([api()]), NOW, { trend: false });
    expect(stats.queries).toHaveLength(1);
    expect(r!.status).toBe('error');
    expect(r!.error).toBe('prometheus: connection refused at http://127.0.0.1:9/api/v1/query — is it running?');
    expect(r!.explain.filter((e) => e.value.includes('connection refused'))).toHaveLength(1 + 7);
  });
});

describe('a rate-limited Prometheus (429) on loopback', () => {
  /**
   * Answers 429 until `limited` is false, then every tagged part of a batch with 0.999 at the
   * query time, as Prometheus would. Records each request's query.
   */
  async function limitedProm() {
    const state = { limited: true, queries: [] as string[] };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const query = form.get('query') ?? '';
        state.queries.push(query);
        if (state.limited) {
          res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '30' });
          res.end('Too Many Requests');
          return;
        }
        const tags = [...query.matchAll(/"oncall_q", "(\d+)"/g)].map((m) => m[1]!);
        const result = tags.map((tag) => ({ metric: { oncall_q: tag }, value: [Number(form.get('time')), '0.999'] }));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const close = () => new Promise<void>((r) => server.close(() => r()));
    // The client hands each 429 back at once (as in the dashboard): what the evaluator does with it is under test.
    return { client: new PrometheusClient({ baseURL: url, name: 'prometheus', env: {}, rateLimit: NO_RETRY }), state, close };
  }

  const defs = parseSloConfig(['Web', 'Shop'].map((name) => ({
    name, service: 'web', objective: '99%', window: '30d',
    sli: { query: `sla:${name}:ratio_30d`, burn_query: `avg(avg_over_time(probe_success{site="${name}"}[{{.window}}]))` },
  })));

  it('gets one request per SLO evaluation, every figure reports the 429, and the next evaluation batches again', async () => {
    const { client, state, close } = await limitedProm();
    try {
      // What one query alone is told, for the same text on every figure.
      const alone = (await rejection(client.query('vector(1)', NOW))).toLine();
      expect(alone).toContain('rate limiting us (429)');
      state.queries = [];

      const limited = await evaluateSlos(client, defs, NOW, { trend: false });
      // One batch per SLO, no per-query fallback.
      expect(state.queries).toHaveLength(2);
      expect(state.queries.every((q) => q.includes('"oncall_q", "7"'))).toBe(true);
      for (const r of limited) {
        expect(r.status).toBe('error');
        expect(r.compliance).toBeNull();
        expect(Object.values(r.burnRates).every((b) => b === null)).toBe(true);
        expect(r.error).toBe(alone);
        // The window and its 7 burn windows.
        expect(r.explain.filter((e) => e.value === `no data: ${alone}`)).toHaveLength(1 + 7);
      }

      state.limited = false;
      state.queries = [];
      const recovered = await evaluateSlos(client, defs, NOW, { trend: false });
      expect(state.queries).toHaveLength(2);
      expect(recovered.map((r) => [r.status, r.compliance])).toEqual([['healthy', 0.999], ['healthy', 0.999]]);
      expect(recovered[0]!.burnRates['1h']).toBeCloseTo(0.1, 9);
    } finally {
      await close();
    }
  });

  it('sends nothing more of that evaluation once one request is answered 429: no other batch, no range query', async () => {
    const { client, state, close } = await limitedProm();
    try {
      const alone = (await rejection(client.query('vector(1)', NOW))).toLine();
      state.queries = [];
      const reports = await evaluateSlos(client, defs, NOW, { trend: true, maxInFlight: 1 });
      expect(state.queries).toHaveLength(1);
      expect(reports.map((r) => [r.status, r.error])).toEqual([['error', alone], ['error', alone]]);
    } finally {
      await close();
    }
  });
});

describe('values that are not ratios', () => {
  const ready = (objective = '99.9%', window = '30d') => ({
    name: 'Web', service: 'web', objective, window,
    sli: { query: 'sla:web:ratio_30d', burn_query: 'avg(avg_over_time(probe_success[{{.window}}]))' },
  });

  it.each([
    ['NaN', Number.NaN, 'NaN'],
    ['+Inf', Infinity, '+Inf'],
    ['-Inf', -Infinity, '-Inf'],
  ])('shows a ready ratio of %s as no data, never 0%% or 100%%', async (_name, value, shown) => {
    const { prom } = fakeProm({ 'sla:web:ratio_30d': value, 'probe_success[1h]': value });
    const [r] = await evaluateSlos(prom, parseSloConfig([ready()]), NOW);
    expect(r!.status).toBe('no_data');
    expect(r!.compliance).toBeNull();
    expect(r!.budget).toBeNull();
    expect(r!.burnRates['1h']).toBeNull();
    const item = r!.explain.find((e) => e.figure === 'compliance')!;
    expect(item.raw).toBe(`${shown} @ 2026-03-01T12:00:00Z`);
    expect(item.value).toMatch(/^no data: /);
  });

  it('shows an empty window (no series at all) as no data', async () => {
    const { prom } = fakeProm({});
    const [r] = await evaluateSlos(prom, parseSloConfig([ready()]), NOW);
    expect(r!.status).toBe('no_data');
    expect(r!.explain.find((e) => e.figure === 'compliance')!.raw).toBe('empty result (no series)');
    expect(r!.noDataSince).toBeUndefined();
  });

  it('refuses a ready query that returns several series instead of picking one', async () => {
    const prom: SloPrometheus = {
      query: async () => ({ samples: [{ metric: { a: '1' }, value: 0.99, time: t }, { metric: { a: '2' }, value: 0.5, time: t }], warnings: [] }),
      queryRange: async (_e, _s, _n, step) => ({ series: [], stepSeconds: step, warnings: [] }),
      rules: async () => [],
    };
    const [r] = await evaluateSlos(prom, parseSloConfig([ready()]), NOW, { trend: false });
    expect(r!.compliance).toBeNull();
    expect(r!.explain.find((e) => e.figure === 'compliance')!.value).toContain('2 series; the query must return one');
  });

  it('sizes the budget and thresholds for a 28-day window', async () => {
    const { prom } = fakeProm({ 'sla:web:ratio_30d': 0.9995, 'probe_success[1h]': 0.98, 'probe_success[5m]': 0.98 });
    const [r] = await evaluateSlos(prom, parseSloConfig([ready('99.9%', '28d')]), NOW);
    expect(r!.budget!.totalMs).toBeCloseTo(0.001 * 28 * 86_400_000, 3); // 40m19s
    expect(r!.burnRates['1h']).toBeCloseTo(20, 9);
    expect(r!.alert).toBe('page'); // 20× > 13.44× on both 1h and 5m
    expect(r!.explain.find((e) => e.figure === 'alert')!.formula).toContain('page if burn 1h and 5m > 13.4×');
    const text = formatSloExplain(r!);
    expect(text).toContain('Web (web, config) — objective 99.9% over 28d');
    expect(text).toContain('budget 20m9s of 40m19s left');
    expect(text).toContain('query  avg(avg_over_time(probe_success[1h]))');
    expect(text).toContain('how    burn = error ratio ÷ (1 − objective) = 0.02 ÷ 0.001');
  });
});

describe('resolveSlos', () => {
  const slothRules: Rule[] = [
    { kind: 'recording', name: 'slo:sli_error:ratio_rate5m', query: 'x', labels: { sloth_id: 'api-id', sloth_slo: 'API', sloth_service: 'api' }, annotations: {}, group: 'g', file: 'f' },
    { kind: 'recording', name: 'slo:objective:ratio', query: 'vector(0.99)', labels: { sloth_id: 'api-id' }, annotations: {}, group: 'g', file: 'f' },
    { kind: 'recording', name: 'slo:sli_error:ratio_rate5m', query: 'x', labels: { sloth_id: 'other', sloth_slo: 'Other', sloth_service: 'o' }, annotations: {}, group: 'g', file: 'f' },
    { kind: 'recording', name: 'slo:objective:ratio', query: 'vector(0.95)', labels: { sloth_id: 'other' }, annotations: {}, group: 'g', file: 'f' },
  ];
  it('lets a config entry replace the discovered SLO of the same name', async () => {
    const { prom } = fakeProm({}, { rules: slothRules });
    const { definitions: defs } = await resolveSlos(prom, parseSloConfig([api()]));
    expect(defs.map((d) => [d.name, d.source])).toEqual([['API', 'config'], ['Other', 'sloth']]);
  });
  it('uses discovery alone without config, and the config alone when discovery fails, saying so', async () => {
    expect((await resolveSlos(fakeProm({}, { rules: slothRules }).prom, [])).definitions.map((d) => d.id)).toEqual(['api-id', 'other']);
    const failing = fakeProm({}, { rules: new Error('connection refused') }).prom;
    const configOnly = await resolveSlos(failing, parseSloConfig([api()]));
    expect(configOnly.definitions.map((d) => d.name)).toEqual(['API']);
    // Said, not silent: a discovered SLO in breach would be missing.
    expect(configOnly.unread).toEqual(['the rules could not be read (connection refused): only the configured SLOs are shown']);
    await expect(resolveSlos(failing, [])).rejects.toThrow('connection refused');
  });
});

describe('SLOs of several tenants (Mimir t1|t2|t3)', () => {
  const slaRules = (n: number): Rule[] =>
    Array.from({ length: n }, (_, i): Rule[] => [
      { kind: 'recording', name: `sla:svc${i}:ratio_30d`, query: 'vector(0.9999)', labels: {}, annotations: {}, group: 'sla', file: 'sla.yml' },
      { kind: 'alerting', name: `Svc${i}SLABreach`, query: `sla:svc${i}:ratio_30d < 0.999`, labels: { service: `svc${i}` }, annotations: {}, group: 'sla', file: 'sla.yml' },
    ]).flat();

  it('share one pool of 6 requests in flight, as one tenant does: they go to one query frontend', async () => {
    const { prom, stats } = fakeProm({ 'sla:svc': 0.9999 }, { rules: slaRules(8) });
    const tenants: SloPrometheus = { ...prom, ruleTenants: ['t1', 't2', 't3'], forTenant: () => prom };
    const { reports } = await new SloReader(tenants, [], { trend: true }).load();
    expect(reports).toHaveLength(24);
    expect(new Set(reports.map((r) => r.id.split('/')[0]))).toEqual(new Set(['t1', 't2', 't3']));
    expect(stats.maxActive).toBe(6);
  });
});
