import { usageError } from '../domain/errors.js';
import type { ContextDeps } from '../dispatch/types.js';
import type { FleetMember } from '../state/fleet.js';
import { prefetchFirstPoll } from '../state/prefetch.js';
import type { DashboardDeps } from './session.js';
import { pagerDutyAccount, readConfig, refuseUrlEnvironment } from './fleet.js';

/** One context of a dashboard over several: its own deps, and whose PagerDuty poller it shares. */
export interface FleetDeps {
  deps: DashboardDeps;
  /** The context that polls and writes this one's PagerDuty account (the first listed writable one). */
  pagerdutyVia?: string;
}

/** `--context a,b` or `:ctx a,b`: the names, or undefined for one context. */
export function contextList(value: string | undefined): string[] | undefined {
  if (!value?.includes(',')) return undefined;
  const names = [...new Set(value.split(',').map((n) => n.trim()).filter(Boolean))];
  return names.length > 1 ? names : undefined;
}

/**
 * The dashboard over several contexts: each context's deps built as for one (`one`), then contexts
 * sharing a PagerDuty account (same URL and token source) are given the first listed writable one's
 * client: it alone polls the account, and writes to its incidents go through it.
 */
export async function fleetDashboardDeps(
  names: string[],
  flags: { configDir?: string; prometheusUrl?: string; alertmanagerUrl?: string[]; pagerdutyUrl?: string; io: { env: NodeJS.ProcessEnv } },
  one: (name: string) => Promise<DashboardDeps>,
): Promise<DashboardDeps> {
  if (flags.prometheusUrl || flags.alertmanagerUrl?.length) {
    throw usageError('--prometheus-url and --alertmanager-url override one context, not several', 'set the URLs in each context of the config');
  }
  refuseUrlEnvironment(flags.io.env);
  const all = await Promise.all(names.map(one));
  const config = readConfig(flags.configDir ? ['--config-dir', flags.configDir] : [], flags.io.env);
  const accounts = new Map(all.map((d) => [d.context.name, pagerDutyAccount(config, d.context.name, flags, flags.io.env)]));
  const owners = new Map<string, DashboardDeps>();
  for (const d of all) {
    const key = accounts.get(d.context.name);
    if (key === undefined || !d.pagerduty) continue;
    const owner = owners.get(key);
    if (!owner || (owner.context.readOnly && !d.context.readOnly)) owners.set(key, d);
  }
  const fleet: FleetDeps[] = all.map((d) => {
    const key = accounts.get(d.context.name);
    const owner = key === undefined || !d.pagerduty ? undefined : owners.get(key);
    if (!owner || owner === d) return { deps: prefetchFirstPoll(d) };
    // Reads and writes of the shared account go through the owner's client, as the user this context
    // names (its own From address; the owner's when it names none).
    const { pdFrom: own, ...context } = d.context;
    const pdFrom = own ?? owner.context.pdFrom;
    return { deps: prefetchFirstPoll({ ...d, pagerduty: owner.pagerduty, context: { ...context, ...(pdFrom ? { pdFrom } : {}) } }), pagerdutyVia: owner.context.name };
  });
  return { ...fleet[0]!.deps, fleet };
}

export function fleetMembers(fleet: FleetDeps[]): FleetMember[] {
  return fleet.map(({ deps: d, pagerdutyVia }) => ({
    name: d.context.name,
    readOnly: d.context.readOnly,
    ...(d.context.readOnlyReason ? { readOnlyReason: `${d.context.readOnlyReason} (${d.context.name})` } : {}),
    enabled: { alertmanager: !!d.alertmanager, pagerduty: !!d.pagerduty, prometheus: !!d.slos },
    ...(pagerdutyVia ? { pagerdutyVia } : {}),
  }));
}

/** What a key needs from the context of its rows (src/dispatch/acting.ts picks the context). */
export function contextDeps(fleet: FleetDeps[]): Record<string, ContextDeps> {
  return Object.fromEntries(
    fleet.map(({ deps: d }) => {
      const c = d.context;
      const context = { name: c.name, author: c.author, readOnly: c.readOnly, ...(c.readOnlyReason ? { readOnlyReason: `${c.readOnlyReason} (${c.name})` } : {}), ...(c.pdFrom ? { pdFrom: c.pdFrom } : {}), ...(c.maxSilenceMs ? { maxSilenceMs: c.maxSilenceMs } : {}) };
      return [c.name, { alertmanager: d.alertmanager, pagerduty: d.pagerduty, audit: d.audit, context, ackSilenceMs: d.context.ackSilenceMs, loadTimeline: d.loadTimeline, slos: d.slos }];
    }),
  );
}
