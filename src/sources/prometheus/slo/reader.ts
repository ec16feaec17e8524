/**
 * The one way to the SLOs of a context, for the dashboard's poller and `oncall slo` / `oncall status`
 * alike: which SLOs exist (config over discovery), their live figures, and what discovery skipped.
 */
import type { SkippedRule, SloDefinition, SloReport, SloSnapshot } from '../../../domain/slo/types.js';
import { errorLine } from '../../../domain/errors.js';
import { slosFromRules } from './discovery.js';
import { evaluateSlos, limiter, MAX_IN_FLIGHT, type SloPrometheus } from './evaluate.js';
import { promFor } from './read.js';
import { applyConfig, discoverPerTenant, type TenantDiscovery } from './tenants.js';
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
  /** Kept trends per tenant (key '' without one): the same expression reads other series in another tenant. */
  private readonly trends = new Map<string, TrendCache>();

  constructor(
    private readonly prom: SloPrometheus,
    /** A function is called at each load, so a config mistake is an error of that load, shown as such. */
    private readonly configured: SloDefinition[] | (() => SloDefinition[]),
    private readonly opts: SloReaderOptions = {},
  ) {}

  /** `onStatus` gets the figures before the slow range queries behind the sparklines have answered. */
  async load(onStatus?: (snapshot: SloSnapshot) => void): Promise<SloSnapshot> {
    const configured = typeof this.configured === 'function' ? this.configured() : this.configured;
    const { definitions, skipped, unread } = await resolveSlos(this.prom, configured);
    const now = (this.opts.now ?? (() => new Date()))();
    const groups = byTenant(definitions);
    const more = unread.length ? { unread } : {};
    // One pool for every tenant's requests: they go to one query frontend, and a 429 stops them all.
    const run = limiter(MAX_IN_FLIGHT);
    for (const key of this.trends.keys()) if (!groups.has(key)) this.trends.delete(key);
    // Each tenant's SLOs are evaluated against that tenant; the early figures are handed on once every
    // group has its own, tenant by tenant (in the order each tenant first appears), as the reports are.
    const early: SloReport[][] = [];
    let waiting = groups.size;
    const parts = await Promise.all(
      [...groups].map(([tenant, defs], i) =>
        evaluateSlos(promFor(this.prom, tenant || undefined), defs, now, {
          trend: this.opts.trend ?? false,
          run,
          ...(this.opts.incremental ? { trends: this.trendsOf(tenant) } : {}),
          ...(onStatus
            ? {
                onStatus: (reports: SloReport[]) => {
                  early[i] = reports;
                  if (--waiting === 0) onStatus({ reports: early.flat(), skipped, ...more });
                },
              }
            : {}),
        }),
      ),
    );
    return { reports: parts.flat(), skipped, ...more };
  }

  /** `oncall slo --history`: the periods of the last `rangeMs`, for the SLOs whose id `wanted` accepts. */
  async history(rangeMs: number, wanted: (id: string) => boolean, opts: HistoryOptions = {}): Promise<Map<string, SloHistory | { error: string }>> {
    const configured = typeof this.configured === 'function' ? this.configured() : this.configured;
    const { definitions } = await resolveSlos(this.prom, configured);
    const now = (this.opts.now ?? (() => new Date()))();
    const out = new Map<string, SloHistory | { error: string }>();
    for (const [tenant, defs] of byTenant(definitions.filter((d) => wanted(d.id)))) {
      for (const [id, h] of await readHistories(promFor(this.prom, tenant || undefined), defs, now, rangeMs, opts)) out.set(id, h);
    }
    return out;
  }

  private trendsOf(tenant: string): TrendCache {
    let cache = this.trends.get(tenant);
    if (!cache) {
      cache = new TrendCache(this.opts.fullTrendEveryMs);
      this.trends.set(tenant, cache);
    }
    return cache;
  }
}

/** The SLOs by the tenant their queries go to ('' for the configured address), in first-seen order. */
function byTenant(defs: SloDefinition[]): Map<string, SloDefinition[]> {
  const groups = new Map<string, SloDefinition[]>();
  for (const d of defs) {
    const key = d.tenant ?? '';
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  return groups;
}

/** SLOs from Sloth, Pyrra and sla: rules (recording and alert rules), with what was skipped and why. */
export async function discoverSlosDetailed(prom: SloPrometheus): Promise<TenantDiscovery> {
  const tenants = prom.ruleTenants ?? [];
  if (tenants.length > 1 && prom.forTenant) return discoverPerTenant((t) => prom.forTenant!(t), tenants);
  return { ...slosFromRules(await prom.rules()), unread: [] };
}

export async function discoverSlos(prom: SloPrometheus): Promise<SloDefinition[]> {
  return (await discoverSlosDetailed(prom)).definitions;
}

/**
 * Configured SLOs plus discovered ones; a config entry replaces a discovered SLO with the same id
 * or name (see applyConfig). When discovery fails, configured SLOs still come back, with the failure
 * in `unread` (a discovered SLO in breach would be missing); with none configured, the failure is the
 * answer, so it is thrown.
 */
export async function resolveSlos(prom: SloPrometheus, configured: SloDefinition[], opts: { discover?: boolean } = {}): Promise<{ definitions: SloDefinition[]; skipped: SkippedRule[]; unread: string[] }> {
  if (opts.discover === false) return { definitions: configured, skipped: [], unread: [] };
  let discovered: TenantDiscovery;
  try {
    discovered = await discoverSlosDetailed(prom);
  } catch (err) {
    if (configured.length === 0) throw err;
    return { definitions: configured, skipped: [], unread: [`the rules could not be read (${errorLine(err)}): only the configured SLOs are shown`] };
  }
  return { definitions: applyConfig(configured, discovered.definitions), skipped: discovered.skipped, unread: discovered.unread };
}
