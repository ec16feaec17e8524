/**
 * Several instant queries in one request. Each query's vector is tagged with its index by
 * label_replace, and the tagged vectors are joined with `or`: their tags differ, so `or` never
 * drops a series. The answer is split back by the tag. label_replace and `or` keep each vector's
 * series and order, so every part reads exactly as that query sent alone would.
 */
import { isOncallError } from '../../domain/errors.js';
import type { Sample } from '../../domain/types.js';
import type { PrometheusApi, QueryOutcome } from './client.js';
import { embeddable } from './embed.js';

export const BATCH_LABEL = 'oncall_q';

/** `label_replace(<e0>, "oncall_q", "0", "", "") or label_replace(<e1>, "oncall_q", "1", "", "") or …` */
export function batchExpr(exprs: readonly string[]): string {
  return exprs.map((e, i) => `label_replace(${embeddable(e)}, "${BATCH_LABEL}", "${i}", "", "")`).join(' or ');
}

/** The answer of batchExpr(exprs) per query, without the tag; null if a sample carries no tag of ours. */
export function splitBatch(outcome: QueryOutcome, count: number): QueryOutcome[] | null {
  const parts: Sample[][] = Array.from({ length: count }, () => []);
  for (const sample of outcome.samples) {
    const { [BATCH_LABEL]: tag, ...metric } = sample.metric;
    if (tag === undefined || !/^\d+$/.test(tag) || Number(tag) >= count) return null;
    parts[Number(tag)]!.push({ ...sample, metric });
  }
  return parts.map((samples) => ({ samples, warnings: outcome.warnings }));
}

/**
 * A failure that says nothing about the queries, so sending them one by one would fail alike and
 * tell nothing more: no answer at all (refused, timed out, DNS, TLS), or a 429, where more requests
 * are exactly what the server asked us not to send.
 */
function failsEveryQuery(err: unknown): boolean {
  if (!isOncallError(err)) return false;
  if (err.kind === 'rate_limited') return true;
  return (err.kind === 'network' || err.kind === 'timeout') && err.status === undefined;
}

/**
 * The outcomes of `exprs` at `time` from one request, in order; null when the server refused the
 * batch or answered something we cannot split (send the queries alone to learn which one is at
 * fault). Rejects with a transport failure or a 429 (see failsEveryQuery).
 */
export async function queryBatch(prom: Pick<PrometheusApi, 'query'>, exprs: readonly string[], time?: Date): Promise<QueryOutcome[] | null> {
  let outcome: QueryOutcome;
  try {
    outcome = await prom.query(batchExpr(exprs), time);
  } catch (err) {
    if (failsEveryQuery(err)) throw err;
    return null;
  }
  return splitBatch(outcome, exprs.length);
}
