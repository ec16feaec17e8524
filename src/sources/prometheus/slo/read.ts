/**
 * Runs the SLO queries and turns the answers into readings (the raw values kept as text, so
 * `--explain` shows exactly what came back, NaN and +Inf included).
 */
import { isOncallError } from '../../../domain/errors.js';
import { cleanRatio, ratioFromCounts } from '../../../domain/slo/math.js';
import type { CoverageReading, QuantileReading, TrendReading, WindowReading } from '../../../domain/slo/report.js';
import type { Sample } from '../../../domain/types.js';
import { formatClock, formatNumber } from '../../../domain/slo/format.js';
import type { PrometheusApi } from '../client.js';
import type { InstantQuery } from './batch.js';
import type { WindowPlan } from './promql.js';

/** The part of the Prometheus client the SLO code uses; tests can pass a small fake of it. */
export type SloPrometheus = Pick<PrometheusApi, 'query' | 'queryRange' | 'rules'> & {
  /** The same server as one tenant alone (Mimir `t1|t2`), for the SLOs discovered in that tenant. */
  forTenant?(tenant: string): SloPrometheus;
  /** Mimir's tenants when there are several (`t1|t2`): their rules are read one tenant at a time. */
  readonly ruleTenants?: readonly string[];
};

/** Where an SLO's queries go: its own tenant when it was discovered in one of several. */
export function promFor(prom: SloPrometheus, tenant: string | undefined): SloPrometheus {
  return tenant && prom.forTenant ? prom.forTenant(tenant) : prom;
}

/** Wraps each call so the evaluator can bound how many run at once. */
export type Runner = <T>(task: () => Promise<T>) => Promise<T>;

/** `send` is the evaluation's instant query (batched, see ./batch.ts). */
export async function readWindow(send: InstantQuery, plan: WindowPlan): Promise<WindowReading> {
  if (plan.kind === 'ready') {
    const query = plan.expr;
    try {
      const { samples, warnings } = await send(query);
      const w = warnings.length ? { warnings } : {};
      if (samples.length > 1) {
        return { query, raw: rawSamples(samples), errorRatio: null, formula: 'ratio = query value', reason: `${samples.length} series; the query must return one (wrap it in sum() or avg())`, ...w };
      }
      const value = samples[0]?.value;
      const { ratio, reason } = cleanRatio(value);
      const errorRatio = ratio === null ? null : plan.measures === 'bad' ? ratio : 1 - ratio;
      const formula = plan.measures === 'bad' ? 'error ratio = query value' : `error ratio = 1 − good ratio = 1 − ${value === undefined ? '?' : formatNumber(value)}`;
      return { query, raw: rawSamples(samples), errorRatio, formula, ...(reason ? { reason } : {}), ...w };
    } catch (err) {
      return failed(query, err);
    }
  }
  const partName = plan.measures === 'good' ? 'good' : 'bad';
  const query = `${partName}: ${plan.part}\ntotal: ${plan.total}`;
  try {
    const [part, total] = await Promise.all([send(plan.part), send(plan.total)]);
    const p = part.samples[0]?.value;
    const t = total.samples[0]?.value;
    const { ratio, reason } = ratioFromCounts(p, t);
    const errorRatio = ratio === null ? null : plan.measures === 'bad' ? ratio : 1 - ratio;
    const shown = `${p === undefined ? '?' : formatNumber(p)} / ${t === undefined ? '?' : formatNumber(t)}`;
    const formula = plan.measures === 'bad' ? `error ratio = bad / total = ${shown}` : `error ratio = 1 − good / total = 1 − ${shown}`;
    const raw = `${partName} = ${rawSamples(part.samples)}; total = ${rawSamples(total.samples)}`;
    const warnings = [...new Set([...part.warnings, ...total.warnings])];
    return { query, raw, errorRatio, formula, ...(reason ? { reason } : {}), ...(warnings.length ? { warnings } : {}) };
  } catch (err) {
    return failed(query, err);
  }
}

export async function readTrend(prom: SloPrometheus, expr: string, start: Date, end: Date, step: number, run: Runner): Promise<TrendReading> {
  try {
    const out = await run(() => prom.queryRange(expr, start, end, step));
    if (out.series.length > 1) {
      return { query: expr, stepSeconds: out.stepSeconds, points: [], error: `${out.series.length} series; the query must return one` };
    }
    return { query: expr, stepSeconds: out.stepSeconds, points: out.series[0]?.points ?? [], ...(out.warnings.length ? { warnings: out.warnings } : {}) };
  } catch (err) {
    return { query: expr, stepSeconds: step, points: [], error: message(err) };
  }
}

export async function readQuantile(send: InstantQuery, expr: string): Promise<QuantileReading> {
  try {
    const { samples, warnings } = await send(expr);
    const v = samples[0]?.value;
    // +Inf stays: the quantile fell in the +Inf bucket, slower than every bound. NaN is no data.
    return { query: expr, raw: rawSamples(samples), seconds: v === undefined || Number.isNaN(v) ? null : v, ...(warnings.length ? { warnings } : {}) };
  } catch (err) {
    return { query: expr, raw: '', seconds: null, error: message(err) };
  }
}

export async function readCoverage(send: InstantQuery, expr: string, stepSeconds: number): Promise<CoverageReading> {
  try {
    const { samples, warnings } = await send(expr);
    const v = samples[0]?.value;
    return { query: expr, raw: rawSamples(samples), seconds: v === undefined || !Number.isFinite(v) ? null : v, stepSeconds, ...(warnings.length ? { warnings } : {}) };
  } catch (err) {
    return { query: expr, raw: '', seconds: null, stepSeconds, error: message(err) };
  }
}

function rawSamples(samples: Sample[]): string {
  if (samples.length === 0) return 'empty result (no series)';
  return samples.map((s) => `${formatNumber(s.value)} @ ${formatClock(s.time)}`).join(', ');
}

function failed(query: string, err: unknown): WindowReading {
  return { query, raw: '', errorRatio: null, formula: 'query failed', reason: message(err), failed: true };
}

/** OncallError.toLine() carries the source and the hint; anything else, its message. */
function message(err: unknown): string {
  if (isOncallError(err)) return err.toLine();
  return err instanceof Error ? err.message : String(err);
}
