import { isOncallError, type OncallError } from '../domain/errors.js';
import { parseSloConfig } from '../domain/slo/config.js';
import type { SloSnapshot } from '../domain/slo/types.js';
import type { SloPrometheus } from '../sources/prometheus/slo/evaluate.js';
import { SloReader } from '../sources/prometheus/slo/reader.js';
import { NO_RETRY } from '../sources/ratelimit.js';
import type { SloSource } from '../state/ports.js';
import { prometheusFor } from './clients.js';
import type { ResolvedContext } from './context.js';

/**
 * The dashboard's SLOs. The evaluator turns each failed query into an SLO in error, so a 429 would
 * look like a poll that worked and Prometheus would be asked again at the next interval, whatever it
 * said. Here Prometheus hands the 429 straight back and a load during which it asked us to wait fails
 * with that answer: the poller asks again when Prometheus said, and the header says when.
 */
export function dashboardSlos(ctx: ResolvedContext & { prometheus: NonNullable<ResolvedContext['prometheus']> }, opts: { now?: () => Date } = {}): SloSource {
  const prom = prometheusFor({ ...ctx, prometheus: { ...ctx.prometheus, rateLimit: NO_RETRY } });
  let limited: OncallError | undefined;
  let failed: OncallError | undefined;
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (err) {
        if (isOncallError(err) && err.kind === 'rate_limited') limited ??= err;
        if (isOncallError(err)) failed ??= err;
        throw err;
      }
    };
  const watched = (p: SloPrometheus): SloPrometheus => ({
    query: watch(p.query.bind(p)),
    queryRange: watch(p.queryRange.bind(p)),
    rules: watch(p.rules.bind(p)),
    ...(p.forTenant ? { forTenant: (tenant: string) => watched(p.forTenant!(tenant)) } : {}),
    ...(p.ruleTenants ? { ruleTenants: p.ruleTenants } : {}),
  });
  const reader = new SloReader(watched(prom), () => parseSloConfig(ctx.slos), { trend: true, incremental: true, ...(opts.now ? { now: opts.now } : {}) });
  return {
    load: async (onStatus) => {
      limited = undefined;
      failed = undefined;
      // Rules that could not be read go with the skipped ones, marked: the SLO pane's title says so.
      const withUnread = (s: SloSnapshot): SloSnapshot => (s.unread?.length ? { ...s, skipped: [...s.skipped, ...s.unread.map((reason) => ({ rule: 'rules listing', reason, unread: true as const }))] } : s);
      const snapshot = withUnread(await reader.load(onStatus && ((early) => onStatus(withUnread(early)))));
      if (limited) throw limited;
      // Prometheus down (or refusing us) makes every SLO an error: that is a failed poll, so the header
      // shows prom failing and the strip keeps its last figures, marked stale, like the other sources.
      if (failed && snapshot.reports.every((r) => r.status === 'error')) throw failed;
      return snapshot;
    },
    history: async (id, rangeMs) => {
      const found = (await reader.history(rangeMs, (x) => x === id)).get(id);
      if (!found) throw new Error(`SLO ${id} is no longer defined (config or rules changed)`);
      if ('error' in found) throw new Error(found.error);
      return found;
    },
  };
}
