/**
 * Mimir with several tenants (`t1|t2`): each tenant's rules are its own (two teams may keep an SLO of
 * the same name), so SLOs are discovered per tenant, named `t1/…`, and read in that tenant alone.
 */
import { errorLine } from '../../../domain/errors.js';
import type { SloDefinition } from '../../../domain/slo/types.js';
import { slosFromRules, type Discovery } from './discovery.js';
import type { SloPrometheus } from './read.js';

/** What discovery found, and the tenants whose rules could not be read (why, one line each). */
export interface TenantDiscovery extends Discovery {
  unread: string[];
}

/**
 * Each tenant's rules asked on their own (the ruler refuses several org ids). A tenant that fails is
 * named in `unread` while the others' SLOs come back; when every tenant fails, the first failure is thrown.
 */
export async function discoverPerTenant(forTenant: (tenant: string) => SloPrometheus, tenants: readonly string[]): Promise<TenantDiscovery> {
  const answers = await Promise.allSettled(tenants.map((t) => forTenant(t).rules()));
  const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
  if (failed && answers.every((a) => a.status === 'rejected')) throw failed.reason;
  const out: TenantDiscovery = { definitions: [], skipped: [], unread: [] };
  answers.forEach((answer, i) => {
    const tenant = tenants[i]!;
    if (answer.status === 'rejected') {
      out.unread.push(`the rules of tenant ${tenant} could not be read (${errorLine(answer.reason)}): its SLOs are missing`);
      return;
    }
    const found = slosFromRules(answer.value.map((r) => ({ ...r, tenant })));
    out.definitions.push(...found.definitions.map((d) => ({ ...d, id: `${tenant}/${d.id}`, name: `${tenant}/${d.name}`, tenant })));
    out.skipped.push(...found.skipped.map((s) => ({ ...s, rule: `${s.rule} (tenant ${tenant})` })));
  });
  return out;
}

const lower = (s: string) => s.toLowerCase();

/** A discovered SLO's id and name without its tenant in front. */
function bare(d: SloDefinition): { id: string; name: string } {
  if (!d.tenant) return d;
  const cut = (s: string) => (s.startsWith(`${d.tenant}/`) ? s.slice(d.tenant!.length + 1) : s);
  return { id: cut(d.id), name: cut(d.name) };
}

/**
 * Config entries over discovered SLOs: an entry replaces every discovered SLO with its id or name
 * (case-insensitive), in a tenant also by the name without the tenant (`Checkout` for `t1/Checkout`).
 * An entry that replaces a tenant's SLO is read in that tenant, as the SLO it replaces was: once per
 * such tenant, named `t1/…` unless it was named so already. An entry that replaces none is read as
 * configured (federated over every tenant).
 */
export function applyConfig(configured: SloDefinition[], discovered: SloDefinition[]): SloDefinition[] {
  const replaced = new Set<SloDefinition>();
  const entries: SloDefinition[] = [];
  for (const c of configured) {
    const keys = new Set([lower(c.id), lower(c.name)]);
    const named = (d: { id: string; name: string }) => keys.has(lower(d.id)) || keys.has(lower(d.name));
    const matches = discovered.filter((d) => named(d) || (d.tenant !== undefined && named(bare(d))));
    for (const d of matches) replaced.add(d);
    const tenants = [...new Set(matches.flatMap((d) => (d.tenant === undefined ? [] : [d.tenant])))];
    if (tenants.length === 0) {
      entries.push(c);
      continue;
    }
    for (const tenant of tenants) {
      const prefixed = lower(c.name).startsWith(`${lower(tenant)}/`) || lower(c.id).startsWith(`${lower(tenant)}/`);
      entries.push(prefixed ? { ...c, tenant } : { ...c, id: `${tenant}/${c.id}`, name: `${tenant}/${c.name}`, tenant });
    }
  }
  return [...entries, ...discovered.filter((d) => !replaced.has(d))];
}
