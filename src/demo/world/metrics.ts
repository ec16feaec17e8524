import type { WireRuleGroup } from '../prometheus/server.js';
import { hash01 } from './random.js';
import { minus, share, sum, traffic, type Counter, type Pulse } from './traffic.js';

/**
 * The demo's metrics as formulas of time, one set per SLO of ./slos.ts, shaped so the SLA table lands
 * where the story needs it over 30 days: Transaction success breached (and burning now), API
 * availability at risk (budget nearly spent), the rest healthy. Episodes are placed relative to
 * `anchor` (start of the demo), so the story holds whatever day the demo runs. The demo Prometheus
 * answers the product's SLO queries from these (../prometheus/answers.ts); nothing here is PromQL.
 */

const H = 3600;
const D = 86_400;
/** Seconds between scrapes: samples sit on its multiples. */
export const SCRAPE = 60;

/** What one SLO's queries are answered from. Times are unix seconds. */
export interface SloFormulas {
  /** Ratio SLIs: the events its good (or bad, as its config says) selector counts, and all events. */
  part?: Counter;
  total?: Counter;
  /** Latency SLIs: cumulative buckets by upper bound, ascending; the last, +Inf, counts every request. */
  buckets?: Array<[number, Counter]>;
  /** SLIs read from a ready ratio: the good ratio over [from, to]. */
  goodRatio?: (from: number, to: number) => number;
  /** When the SLO window's ratio is a recorded series: its value at t. */
  recorded?: (t: number) => number;
}

export interface Metrics {
  /** By SLO name, as in DEMO_SLOS. */
  slos: Record<string, SloFormulas>;
  /** The recording rules /api/v1/rules lists (only their text is served). */
  rules: WireRuleGroup[];
}

/** A latency histogram: each bucket holds a fixed share of requests, minus slow episodes. */
function histogram(count: Counter, buckets: Array<[number, number]>, slow: Pulse[] = []): Array<[number, Counter]> {
  // During a slow episode, requests leave the fast buckets: the +Inf bucket never loses any.
  return buckets.map(([le, fraction]) => [le, share(count, fraction, le === Infinity ? [] : slow.map((p) => ({ ...p, rate: -p.rate * (1 - fraction) })))]);
}

/**
 * Website probes from three regions, scraped each minute: 1, or 0 during an outage and on rare
 * seeded minutes. The good ratio is the share of successful probes scraped in [from, to].
 */
function probes(seed: number, outage: { from: number; to: number }): (from: number, to: number) => number {
  const regions = 3;
  // The rare failures of each day, found once: a 30-day window then costs a lookup per day.
  const failuresByDay = new Map<number, number[]>();
  const failures = (day: number): number[] => {
    let found = failuresByDay.get(day);
    if (!found) {
      found = [];
      for (let m = day * 1440; m < (day + 1) * 1440; m++) {
        for (let i = 0; i < regions; i++) if (hash01(seed, 100 + i, m) < 0.0001) found.push(m);
      }
      failuresByDay.set(day, found);
    }
    return found;
  };
  return (from, to) => {
    const first = Math.ceil(from / SCRAPE);
    const last = Math.floor(to / SCRAPE);
    if (last < first) return NaN;
    const down = (m: number): boolean => m * SCRAPE >= outage.from && m * SCRAPE < outage.to;
    let failed = 0;
    for (let m = Math.max(first, Math.ceil(outage.from / SCRAPE)); m <= last && down(m); m++) failed += regions;
    for (let day = Math.floor(first / 1440); day <= Math.floor(last / 1440); day++) {
      for (const m of failures(day)) if (m >= first && m <= last && !down(m)) failed++;
    }
    return 1 - failed / (regions * (last - first + 1));
  };
}

export function buildMetrics(anchor: number, seed: number): Metrics {
  const at = (hoursAgo: number): number => anchor - hoursAgo * H;

  // API availability (99.95%): 0.03% 5xx all month, a 5-hour incident 9 days ago at 1.5%, and a
  // slight rise now. Together ~81% of the budget is gone: at risk, not breached.
  const api = traffic({ mean: 120, key: 1 }, seed);
  const api500 = share(api, 0.0002, [{ from: at(9 * 24 + 3), to: at(9 * 24 - 2), rate: 120 * 0.012 }, { from: at(0.7), to: anchor + 30 * D, rate: 120 * 0.0005 }]);
  const api503 = share(api, 0.0001, [{ from: at(9 * 24 + 3), to: at(9 * 24 - 2), rate: 120 * 0.003 }]);

  // Transaction success (99.8%): 0.12% failures, a 20-hour incident 12 days ago at 3.5%, and an
  // incident running for the last 2 hours at 4%: breached and burning ~20x right now.
  const tx = traffic({ mean: 25, key: 2 }, seed);
  const txFail = share(tx, 0.0012, [{ from: at(12 * 24 + 20), to: at(12 * 24), rate: 25 * 0.035 }, { from: at(2), to: anchor + 30 * D, rate: 25 * 0.04 }]);

  // Order processing: 97.5% under 30 s, p95 well under 60 s.
  const orders = traffic({ mean: 8, key: 3 }, seed);
  const orderBuckets = histogram(orders, [[1, 0.3], [5, 0.7], [10, 0.88], [30, 0.975], [60, 0.993], [120, 0.999], [Infinity, 1]], [
    { from: at(4 * 24 + 6), to: at(4 * 24 + 5), rate: 8 * 0.15 },
  ]);

  // Search: 98.6% under 1 s.
  const search = traffic({ mean: 60, key: 4, daily: 0.4 }, seed);
  const searchBuckets = histogram(search, [[0.1, 0.55], [0.25, 0.8], [0.5, 0.93], [1, 0.986], [3, 0.997], [10, 0.9995], [Infinity, 1]]);

  // Checkout completion: ~89% of started checkouts complete; a bad deploy 5 days ago dipped it.
  const started = traffic({ mean: 4, key: 5, daily: 0.45 }, seed);
  const completed = share(started, 0.89, [{ from: at(5 * 24 + 3), to: at(5 * 24), rate: -4 * 0.3 }]);

  // Website availability: rare failed probes and an 8-minute outage 20 days ago. The 30-day ratio is
  // read from a recording rule (below), which holds what its last evaluation, on the minute, found.
  const website = probes(seed, { from: at(20 * 24), to: at(20 * 24) + 8 * 60 });
  const recorded = (t: number): number => {
    const evaluated = Math.floor(t / SCRAPE) * SCRAPE;
    return website(evaluated - 30 * D, evaluated);
  };

  const slos: Record<string, SloFormulas> = {
    'Website availability': { goodRatio: website, recorded },
    'API availability': { part: sum(api500, api503), total: api },
    'Transaction success': { part: minus(tx, txFail), total: tx },
    'Order processing': { buckets: orderBuckets },
    Search: { buckets: searchBuckets },
    'Checkout completion': { part: completed, total: started },
  };
  const rules: WireRuleGroup[] = [
    {
      name: 'sla.rules',
      file: '/etc/prometheus/rules/sla.yml',
      interval: 60,
      rules: [
        { type: 'recording', name: 'sla:website_availability:ratio_30d', query: 'avg(avg_over_time(probe_success{job="website"}[30d]))', labels: { service: 'web' } },
        { type: 'recording', name: 'job:http_requests:rate5m', query: 'sum by (job) (rate(http_requests_total[5m]))' },
      ],
    },
  ];
  return { slos, rules };
}
