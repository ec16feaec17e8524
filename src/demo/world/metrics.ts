import type { Labels } from '../../domain/types.js';
import { Evaluator } from '../prometheus/eval.js';
import { parse } from '../prometheus/parser.js';
import type { Expr, MatrixSelector } from '../prometheus/ast.js';
import type { SeriesSource, SyntheticSeries } from '../prometheus/series.js';
import type { WireRuleGroup } from '../prometheus/server.js';
import { hash01 } from './random.js';
import { minus, share, traffic, type Counter, type Pulse } from './traffic.js';

/**
 * The demo's metrics, shaped so the SLA table lands where the story needs it over 30 days:
 * Transaction success breached (and burning now), API availability at risk (budget nearly spent),
 * the rest healthy. Episodes are placed relative to `anchor` (start of the demo), so the story
 * holds whatever day the demo runs.
 */

const H = 3600;
const D = 86_400;

export interface Metrics {
  source: SeriesSource;
  rules: WireRuleGroup[];
  /**
   * Work that fills, ahead of time, the sample grids (prometheus/grid.ts) the first SLO load reads:
   * what each recording rule reads over the 60 days before `t` that a 30-day trend reaches back over,
   * a day per step, so a caller can run the steps between requests.
   */
  warmUpSteps(t: number): Array<() => void>;
}

function counter(labels: Labels, at: Counter): SyntheticSeries {
  return { labels, at, monotonic: true };
}

function gauge(labels: Labels, at: (t: number) => number): SyntheticSeries {
  return { labels, at };
}

/** A latency histogram: each bucket holds a fixed share of requests, minus slow episodes. */
function histogram(name: string, base: Labels, count: Counter, buckets: Array<[string, number]>, meanSeconds: number, slow: Pulse[] = []): SyntheticSeries[] {
  const out = buckets.map(([le, fraction]) => {
    // During a slow episode, requests leave the fast buckets: the +Inf bucket never loses any.
    const lost = le === '+Inf' ? [] : slow.map((p) => ({ ...p, rate: -p.rate * (1 - fraction) }));
    return counter({ __name__: `${name}_bucket`, ...base, le }, share(count, fraction, lost));
  });
  out.push(counter({ __name__: `${name}_count`, ...base }, count));
  out.push(counter({ __name__: `${name}_sum`, ...base }, share(count, meanSeconds)));
  return out;
}

export function buildMetrics(anchor: number, seed: number): Metrics {
  const at = (hoursAgo: number): number => anchor - hoursAgo * H;
  const series: SyntheticSeries[] = [];

  // API availability (99.95%): 0.03% 5xx all month, a 5-hour incident 9 days ago at 1.5%, and a
  // slight rise now. Together ~81% of the budget is gone: at risk, not breached.
  const api = traffic({ mean: 120, key: 1 }, seed);
  const api500 = share(api, 0.0002, [{ from: at(9 * 24 + 3), to: at(9 * 24 - 2), rate: 120 * 0.012 }, { from: at(0.7), to: anchor + 30 * D, rate: 120 * 0.0005 }]);
  const api503 = share(api, 0.0001, [{ from: at(9 * 24 + 3), to: at(9 * 24 - 2), rate: 120 * 0.003 }]);
  const api404 = share(api, 0.05);
  const apiBase = { job: 'api', service: 'api', method: 'GET' };
  series.push(
    counter({ __name__: 'http_requests_total', ...apiBase, code: '200' }, (t) => api(t) - api500(t) - api503(t) - api404(t)),
    counter({ __name__: 'http_requests_total', ...apiBase, code: '404' }, api404),
    counter({ __name__: 'http_requests_total', ...apiBase, code: '500' }, api500),
    counter({ __name__: 'http_requests_total', ...apiBase, code: '503' }, api503),
  );

  // Transaction success (99.8%): 0.12% failures, a 20-hour incident 12 days ago at 3.5%, and an
  // incident running for the last 2 hours at 4%: breached and burning ~20x right now.
  const tx = traffic({ mean: 25, key: 2 }, seed);
  const txFail = share(tx, 0.0012, [{ from: at(12 * 24 + 20), to: at(12 * 24), rate: 25 * 0.035 }, { from: at(2), to: anchor + 30 * D, rate: 25 * 0.04 }]);
  series.push(
    counter({ __name__: 'payment_transactions_total', job: 'payments', service: 'payments', result: 'success' }, minus(tx, txFail)),
    counter({ __name__: 'payment_transactions_total', job: 'payments', service: 'payments', result: 'failure' }, txFail),
  );

  // Order processing: 97.5% under 30 s, p95 well under 60 s.
  const orders = traffic({ mean: 8, key: 3 }, seed);
  series.push(
    ...histogram('order_processing_duration_seconds', { job: 'orders', service: 'orders' }, orders, [
      ['1', 0.3], ['5', 0.7], ['10', 0.88], ['30', 0.975], ['60', 0.993], ['120', 0.999], ['+Inf', 1],
    ], 7.5, [{ from: at(4 * 24 + 6), to: at(4 * 24 + 5), rate: 8 * 0.15 }]),
  );

  // Search: 98.6% under 1 s.
  const search = traffic({ mean: 60, key: 4, daily: 0.4 }, seed);
  series.push(
    ...histogram('http_request_duration_seconds', { job: 'search', service: 'search' }, search, [
      ['0.1', 0.55], ['0.25', 0.8], ['0.5', 0.93], ['1', 0.986], ['3', 0.997], ['10', 0.9995], ['+Inf', 1],
    ], 0.21),
  );

  // Checkout completion: ~89% of started checkouts complete; a bad deploy 5 days ago dipped it.
  const started = traffic({ mean: 4, key: 5, daily: 0.45 }, seed);
  series.push(
    counter({ __name__: 'checkout_started_total', job: 'checkout', service: 'checkout' }, started),
    counter({ __name__: 'checkout_completed_total', job: 'checkout', service: 'checkout' }, share(started, 0.89, [{ from: at(5 * 24 + 3), to: at(5 * 24), rate: -4 * 0.3 }])),
  );

  // Website availability: probes from three regions; rare failed probes and an 8-minute outage 20 days ago.
  const outage = { from: at(20 * 24), to: at(20 * 24) + 8 * 60 };
  ['eu-west', 'us-east', 'ap-south'].forEach((region, i) => {
    series.push(
      gauge({ __name__: 'probe_success', job: 'website', service: 'web', instance: 'https://shop.example.com/', region }, (t) =>
        (t >= outage.from && t < outage.to) || hash01(seed, 100 + i, Math.floor(t / 60)) < 0.0001 ? 0 : 1,
      ),
    );
  });

  // Liveliness for the other panels: CPU and queue depth that wander, and `up` for every job.
  for (const [i, svc] of ['web', 'api', 'payments', 'orders', 'search', 'checkout'].entries()) {
    for (const n of [1, 2]) {
      series.push(
        gauge({ __name__: 'node_cpu_utilisation', job: 'node', service: svc, instance: `${svc}-${n}` }, (t) =>
          Math.min(1, 0.35 + 0.2 * Math.sin((t + i * 4000 + n * 900) / 5000) + 0.08 * hash01(seed, 200 + i * 2 + n, Math.floor(t / 60))),
        ),
      );
      series.push(gauge({ __name__: 'up', job: svc, service: svc, instance: `${svc}-${n}` }, () => 1));
    }
  }
  series.push(gauge({ __name__: 'orders_queue_depth', job: 'orders', service: 'orders' }, (t) => Math.round(40 + 30 * Math.sin(t / 1800) + 15 * hash01(seed, 300, Math.floor(t / 60)))));

  const source: SeriesSource = { interval: 60, series };
  const recorded: Array<{ record: string; expr: string; labels?: Labels }> = [
    { record: 'sla:website_availability:ratio_30d', expr: 'avg(avg_over_time(probe_success{job="website"}[30d]))', labels: { service: 'web' } },
    { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
  ];
  const parsed = recorded.map((r) => ({ ...r, parsed: parse(r.expr) }));
  for (const r of parsed) {
    const expr = r.parsed;
    // Evaluate once to learn the label sets the rule produces, then compute each on demand. The label
    // sets do not depend on how far back a range selector reaches (these rules filter nothing by
    // value), so that one evaluation looks back 5 minutes: a [30d] one costs 15-20 ms of every start.
    const shapes = new Evaluator(source, anchor).vector(shortRanges(expr, 300)).map((s) => s.labels);
    for (const labels of shapes) {
      const key = JSON.stringify(labels);
      series.push(
        gauge({ __name__: r.record, ...labels, ...(r.labels ?? {}) }, (t) => {
          const hit = new Evaluator(source, t).vector(expr).find((s) => JSON.stringify(s.labels) === key);
          return hit ? hit.value : NaN;
        }),
      );
    }
  }
  const rules: WireRuleGroup[] = [
    { name: 'sla.rules', file: '/etc/prometheus/rules/sla.yml', interval: 60, rules: recorded.map((r) => ({ type: 'recording', name: r.record, query: r.expr, labels: r.labels })) },
  ];
  // An SLO trend (src/state/slo.ts) reads a 30-day window at points over the last 30 days: 60 days of
  // samples. Each step evaluates a rule with its ranges cut to one day, one day further back, so it
  // fills a day of grid blocks and returns within a millisecond or so: a request that arrives while
  // warming waits for one step, not for the whole warm-up. Most recent first: the statuses read those.
  const warmUpSteps = (t: number) =>
    parsed.flatMap((r) => {
      const day = shortRanges(r.parsed, D);
      return Array.from({ length: 60 }, (_, k) => () => void new Evaluator(source, t - k * D).vector(day));
    });
  return { source, rules, warmUpSteps };
}

/** `expr` with every range selector reaching back at most `seconds`. */
function shortRanges(expr: Expr, seconds: number): Expr {
  return JSON.parse(JSON.stringify(expr), (_key, node: unknown) =>
    node && typeof node === 'object' && (node as { type?: string }).type === 'matrix' ? { ...(node as MatrixSelector), range: Math.min((node as MatrixSelector).range, seconds) } : node,
  ) as Expr;
}
