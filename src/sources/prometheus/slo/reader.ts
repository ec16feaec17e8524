/**
 * The one way to the SLOs of a context, for the dashboard's poller and `oncall slo` / `oncall status`
 * alike: which SLOs exist (config over discovery), their live figures, and what discovery skipped.
 */
import type { SkippedRule, SloDefinition, SloReport, SloSnapshot } from '../../../domain/slo/types.js';
import { slosFromRules, type Discovery } from './discovery.js';
import { evaluateSlos, type SloPrometheus } from './evaluate.js';
import { TrendCache } from './trends.js';
import { readHistories, type HistoryOptions } from './history.js';
import type { SloHistory } from '../../../domain/slo/history.js';

export interface SloReaderOptions {
  /** Read the sparklines' range queries too (the dashboard, `-o json`); a table needs none. */
  trend?: boolean;
  now?: () => Date;
  /**
   * Keep the trends between loads and ask only for their newest points (the dashboard, which loads
   * at every poll); the whole window is read again every hour. Only with `trend`.
   */
  incremental?: boolean;
  /** How often an incremental reader reads the whole window again (default one hour). */
  fullTrendEveryMs?: number;
}

export class SloReader {
  private readonly trends?: TrendCache;

  constructor(
    private readonly prom: SloPrometheus,
    /** A function is called at each load, so a config mistake is an error of that load, shown as such. */
    private readonly configured: SloDefinition[] | (() => SloDefinition[]),
    private readonly opts: SloReaderOptions = {},
  ) {
    if (opts.incremental) this.trends = new TrendCache(opts.fullTrendEveryMs);
  }

  /** `onStatus` gets the figures before the slow range queries behind the sparklines have answered. */
  async load(onStatus?: (snapshot: SloSnapshot) => void): Promise<SloSnapshot> {
    const configured = typeof this.configured === 'function' ? this.configured() : this.configured;
    const { definitions, skipped } = await resolveSlos(this.prom, configured);
    const now = (this.opts.now ?? (() => new Date()))();
    const reports = await evaluateSlos(this.prom, definitions, now, {
      trend: this.opts.trend ?? false,
      ...(this.trends ? { trends: this.trends } : {}),
      ...(onStatus ? { onStatus: (early: SloReport[]) => onStatus({ reports: early, skipped }) } : {}),
    });
    return { reports, skipped };
  }

  /** `oncall slo --history`: the periods of the last `rangeMs`, for the SLOs whose id `wanted` accepts. */
  async history(rangeMs: number, wanted: (id: string) => boolean, opts: HistoryOptions = {}): Promise<Map<string, SloHistory | { error: string }>> {
    const configured = typeof this.configured === 'function' ? this.configured() : this.configured;
    const { definitions } = await resolveSlos(this.prom, configured);
    const now = (this.opts.now ?? (() => new Date()))();
    return readHistories(this.prom, definitions.filter((d) => wanted(d.id)), now, rangeMs, opts);
  }
}

/** SLOs from Sloth, Pyrra and sla: rules (recording and alert rules), with what was skipped and why. */
export async function discoverSlosDetailed(prom: SloPrometheus): Promise<Discovery> {
  return slosFromRules(await prom.rules());
}

export async function discoverSlos(prom: SloPrometheus): Promise<SloDefinition[]> {
  return (await discoverSlosDetailed(prom)).definitions;
}

/**
 * Configured SLOs plus discovered ones; a config entry replaces a discovered SLO with the same id
 * or name (case-insensitive). When discovery fails, configured SLOs still come back; with none
 * configured, the failure is the answer, so it is thrown.
 */
export async function resolveSlos(prom: SloPrometheus, configured: SloDefinition[], opts: { discover?: boolean } = {}): Promise<{ definitions: SloDefinition[]; skipped: SkippedRule[] }> {
  if (opts.discover === false) return { definitions: configured, skipped: [] };
  let discovered: Discovery;
  try {
    discovered = await discoverSlosDetailed(prom);
  } catch (err) {
    if (configured.length === 0) throw err;
    return { definitions: configured, skipped: [] };
  }
  const taken = new Set(configured.flatMap((d) => [d.id.toLowerCase(), d.name.toLowerCase()]));
  const kept = discovered.definitions.filter((d) => !taken.has(d.id.toLowerCase()) && !taken.has(d.name.toLowerCase()));
  return { definitions: [...configured, ...kept], skipped: discovered.skipped };
}
