/**
 * Every instant query of one SLO evaluation (the window, the burn windows, the quantile) in one
 * request, instead of about sixteen round trips. When Prometheus refuses the batch (a syntax
 * error, a scalar, a 4xx other than 429, a 5xx), each query is sent alone as before, so an error
 * is still pinned on the query that caused it. A transport failure or a 429 fails every query with
 * it, without sending them alone; nothing is remembered, so the next evaluation tries the batch
 * again.
 */
import type { QueryOutcome } from '../client.js';
import { queryBatch } from '../batch.js';
import type { WindowPlan } from './promql.js';
import type { Runner, SloPrometheus } from './read.js';

/** An instant query at the evaluation's time. */
export type InstantQuery = (expr: string) => Promise<QueryOutcome>;

/** The PromQL a window plan sends. */
export function planQueries(plan: WindowPlan | null): string[] {
  if (!plan) return [];
  return plan.kind === 'ready' ? [plan.expr] : [plan.part, plan.total];
}

/**
 * Sends `exprs` (duplicates once) as one request through `run`, and answers each of them from it.
 * Queries outside `exprs`, and all of them when the batch was refused, go alone through `run`.
 */
export function batchedQuery(prom: Pick<SloPrometheus, 'query'>, exprs: readonly string[], at: Date, run: Runner): InstantQuery {
  const unique = [...new Set(exprs)];
  const answers = unique.length > 1 ? run(() => queryBatch(prom, unique, at)) : Promise.resolve(null);
  return async (expr) => {
    const outcomes = await answers;
    const i = unique.indexOf(expr);
    if (outcomes && i >= 0) return outcomes[i]!;
    return run(() => prom.query(expr, at));
  };
}
