import { parseSloConfig } from '../domain/slo/config.js';
import type { SloReport } from '../domain/slo/types.js';
import { SloReader, type SloReaderOptions } from '../sources/prometheus/slo/reader.js';
import { prometheusFor } from './clients.js';
import type { ResolvedContext } from './context.js';

/**
 * The SLOs of a context, as the dashboard and the headless commands read them: configured SLOs
 * (parsed first, so a config mistake is reported before any query) plus those discovered from
 * Prometheus' rules.
 */
export function slosFor(ctx: ResolvedContext, opts: SloReaderOptions = {}): SloReader {
  return new SloReader(prometheusFor(ctx), () => parseSloConfig(ctx.slos), opts);
}

/** A breach an on-call engineer must act on: used for `oncall status` exit code 3. */
export function isBreach(r: SloReport): boolean {
  return r.status === 'breached' || r.status === 'critical';
}
