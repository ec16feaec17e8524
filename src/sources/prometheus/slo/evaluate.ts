/**
 * The SLO evaluator: which SLOs exist (config over discovery), and their live figures.
 * One SLO costs two requests (all its instant queries batched, how far back its data goes among them,
 * and the trend's range query);
 * all requests of one evaluation share a small pool, so many SLOs (or the per-query fallback of
 * a refused batch) never hit Prometheus all at once; one failing SLO reports 'error', the rest
 * carry on.
 */
import { errorLine, isOncallError, OncallError } from '../../../domain/errors.js';
import { buildReport, type SloReadings, type TrendReading } from '../../../domain/slo/report.js';
import { BURN_WINDOWS, type SloDefinition, type SloReport } from '../../../domain/slo/types.js';
import { batchedQuery, planQueries } from './batch.js';
import { complianceExpr, quantileExpr, trendStepSeconds, windowPlan } from './promql.js';
import { readCoverage, readQuantile, readTrend, readWindow, type Runner, type SloPrometheus } from './read.js';
import { withHead, type TrendCache } from './trends.js';
import { coverageExpr, coverageStepMs } from './coverage.js';

export type { SloPrometheus } from './read.js';

export const MAX_IN_FLIGHT = 6;

export interface EvaluateOptions {
  /** Concurrent Prometheus requests across all SLOs. */
  maxInFlight?: number;
  /** Skip the range query (the headless `oncall status` needs no sparkline). */
  trend?: boolean;
  /**
   * Called once with every SLO's figures and status but no trend yet, as soon as the instant queries
   * have answered: the range queries behind the sparklines (30 days of history) are the slow part, and
   * a breach should not wait for them. Only with `trend`.
   */
  onStatus?: (reports: SloReport[]) => void;
  /** Trends kept from earlier evaluations: only the newest points are asked for (the dashboard). */
  trends?: TrendCache;
  /** The pool of requests, when several evaluations share one (one per tenant); else one of `maxInFlight`. */
  run?: Runner;
}

export async function evaluateSlos(prom: SloPrometheus, defs: SloDefinition[], now: Date, opts: EvaluateOptions = {}): Promise<SloReport[]> {
  const run = opts.run ?? limiter(opts.maxInFlight ?? MAX_IN_FLIGHT);
  const withTrend = opts.trend ?? true;
  opts.trends?.retain(defs.flatMap((d) => complianceExpr(d) ?? []));
  // Every SLO's instant batch is queued (in `run`, first come first served) before any range query,
  // so the statuses come first and the range queries take the places the batches free.
  const statuses = defs.map((def) => ({ def, status: instantReadings(prom, def, now, run) }));
  const evaluations = statuses.map(({ def, status }) => {
    const trend = withTrend ? trendReading(prom, def, now, run, opts.trends) : Promise.resolve(undefined);
    trend.catch(() => {});
    return { def, status, trend };
  });
  const report = (def: SloDefinition, readings: Promise<SloReadings>) => readings.then((r) => buildReport(def, r)).catch((err: unknown) => errorReport(def, err));
  if (withTrend && opts.onStatus) opts.onStatus(await Promise.all(evaluations.map(({ def, status }) => report(def, status))));
  return Promise.all(
    evaluations.map(({ def, status, trend }) =>
      report(def, Promise.all([status, trend]).then(([readings, t]) => (t ? { ...readings, trend: opts.trends ? withHead(t, readings.window, now) : t } : readings))),
    ),
  );
}

/** The figures from the instant queries: the SLO window, the burn windows and the quantile, in one batch. */
async function instantReadings(prom: SloPrometheus, def: SloDefinition, now: Date, run: Runner): Promise<SloReadings> {
  const plan = windowPlan(def);
  if (!plan) throw new OncallError('config', `SLO "${def.name}" has no query for its window`);
  const burnPlans = BURN_WINDOWS.map((w) => [w, windowPlan(def, w)] as const);
  const quantile = quantileExpr(def);
  const coverage = coverageExpr(def);
  // The series each burn-rate alert rule compares: an error ratio per window.
  const alertPlans = (def.burnAlerts ?? []).map((rule) => ({
    rule,
    long: { kind: 'ready', expr: rule.longQuery, measures: 'bad' } as const,
    short: { kind: 'ready', expr: rule.shortQuery, measures: 'bad' } as const,
  }));
  const instant = [plan, ...burnPlans.map(([, p]) => p), ...alertPlans.flatMap((a) => [a.long, a.short])].flatMap(planQueries);
  const send = batchedQuery(prom, [...instant, ...(quantile ? [quantile] : []), ...(coverage ? [coverage] : [])], now, run);
  const [window, burnList, q, alerts, covered] = await Promise.all([
    readWindow(send, plan),
    Promise.all(burnPlans.map(async ([w, p]) => [w, p ? await readWindow(send, p) : undefined] as const)),
    quantile ? readQuantile(send, quantile) : Promise.resolve(undefined),
    Promise.all(alertPlans.map(async (a) => ({ rule: a.rule, long: await readWindow(send, a.long), short: await readWindow(send, a.short) }))),
    coverage ? readCoverage(send, coverage, coverageStepMs(def.windowMs) / 1000) : Promise.resolve(undefined),
  ]);
  const readings: SloReadings = { window, burns: {}, ...(q ? { quantile: q } : {}), ...(alerts.length ? { burnAlerts: alerts } : {}), ...(covered ? { coverage: covered } : {}) };
  for (const [w, reading] of burnList) if (reading) readings.burns[w] = reading;
  return readings;
}

/** The compliance over the whole window, for the sparkline: one range query. */
function trendReading(prom: SloPrometheus, def: SloDefinition, now: Date, run: Runner, trends?: TrendCache): Promise<TrendReading | undefined> {
  const expr = complianceExpr(def);
  if (!expr) return Promise.resolve(undefined);
  if (trends) return trends.read(prom, expr, def.windowMs, now, trendStepSeconds(def.windowMs), run);
  return readTrend(prom, expr, new Date(now.getTime() - def.windowMs), now, trendStepSeconds(def.windowMs), run);
}

/** A report that says the SLO could not be evaluated at all, without inventing figures. */
function errorReport(def: SloDefinition, err: unknown): SloReport {
  const message = errorLine(err);
  return {
    id: def.id, name: def.name, service: def.service, objective: def.objective, windowMs: def.windowMs, source: def.source,
    status: 'error', compliance: null, budget: null, alert: 'none', exhaustionMs: null, trend: [], error: message,
    burnRates: Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])) as SloReport['burnRates'],
    explain: [{ figure: 'status', formula: 'evaluation failed', value: message }],
    window: def.window, critical: def.critical,
    ...(def.rule ? { rule: def.rule } : {}),
  };
}

/**
 * At most `n` tasks run at once; the rest wait their turn in order. Once one is answered 429 (Prometheus
 * asks us to slow down), the tasks still waiting are not sent: each fails with that same answer.
 */
export function limiter(n: number): Runner {
  let active = 0;
  let slowDown: unknown;
  const queue: Array<() => void> = [];
  const next = (): void => {
    if (active >= n) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        const sent = slowDown === undefined ? task() : Promise.reject(slowDown);
        sent
          .catch((err: unknown) => {
            if (isOncallError(err) && err.kind === 'rate_limited') slowDown ??= err;
            throw err;
          })
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}
