import { parseSloConfig } from '../domain/slo/config.js';
import type { SloReport } from '../domain/slo/types.js';
import { evaluateSlos, resolveSlos } from '../state/slo.js';
import { prometheusFor } from './clients.js';
import type { ResolvedContext } from './context.js';

/**
 * The SLO reports for a context: configured SLOs (parsed first, so a config mistake is reported
 * before any query) plus those discovered from Prometheus recording rules.
 */
export async function loadSloReports(ctx: ResolvedContext, now: Date, opts: { trend?: boolean; onStatus?: (reports: SloReport[]) => void } = {}): Promise<SloReport[]> {
  const configured = parseSloConfig(ctx.slos);
  const prom = prometheusFor(ctx);
  const defs = await resolveSlos(prom, configured);
  return evaluateSlos(prom, defs, now, { trend: opts.trend ?? false, ...(opts.onStatus ? { onStatus: opts.onStatus } : {}) });
}

/** A breach an on-call engineer must act on: used for `oncall status` exit code 3. */
export function isBreach(r: SloReport): boolean {
  return r.status === 'breached' || r.status === 'critical';
}
