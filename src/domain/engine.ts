/**
 * Distributed engines that serve Prometheus' `/api/v1`: what each needs on top of the plain API.
 * Pure: the transport applies the plan (paths, headers, form parameters).
 */
export const ENGINE_KINDS = ['prometheus', 'thanos', 'mimir', 'victoriametrics'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export interface EngineSettings {
  kind: EngineKind;
  /** Mimir/Cortex org id(s), `t1|t2` federates; VictoriaMetrics' accountID. */
  tenant?: string;
  /** Thanos: answer with what the reachable stores have (default true). */
  partialResponse?: boolean;
  /** vmalert (or a ruler) when rules are not served behind the query address. */
  rulesUrl?: string;
}

/** The settings besides the kind: with the kind unset, the kind found from buildinfo is planned with them. */
export type FoundSettings = Omit<EngineSettings, 'kind'>;

export interface EnginePlan {
  kind: EngineKind;
  /** Appended to the configured URL for queries. */
  pathPrefix: string;
  /** Sent with every request (Mimir's X-Scope-OrgID). */
  headers: Record<string, string>;
  /** Added to every query form (Thanos' dedup and partial_response). */
  queryParams: Record<string, string>;
  /** Where rules are read: a full base URL, or undefined for the query address. */
  rulesBaseUrl?: string;
  /** The ruler refuses several org ids: one rules request per tenant; each rule keeps its tenant. */
  ruleTenants: string[];
}

export const TENANT_HEADER = 'X-Scope-OrgID';

function tenants(tenant: string | undefined): string[] {
  return (tenant ?? '').split('|').map((t) => t.trim()).filter(Boolean);
}

export function enginePlan(s: EngineSettings): EnginePlan {
  const plan: EnginePlan = { kind: s.kind, pathPrefix: '', headers: {}, queryParams: {}, ruleTenants: [] };
  if (s.rulesUrl) plan.rulesBaseUrl = s.rulesUrl.replace(/\/+$/, '');
  switch (s.kind) {
    case 'thanos':
      plan.queryParams = { dedup: 'true', partial_response: String(s.partialResponse ?? true) };
      break;
    case 'mimir': {
      plan.pathPrefix = '/prometheus';
      const ids = tenants(s.tenant);
      if (ids.length > 0) plan.headers[TENANT_HEADER] = ids.join('|');
      if (ids.length > 1) plan.ruleTenants = ids;
      break;
    }
    case 'victoriametrics':
      // accountID or accountID:projectID (the config checks it), the colon as VictoriaMetrics writes it.
      plan.pathPrefix = `/select/${encodeURIComponent(s.tenant ?? '0').replace(/%3A/g, ':')}/prometheus`;
      break;
    case 'prometheus':
      break;
  }
  return plan;
}

/**
 * The configured URL with the engine's path prefix, once: a URL that already ends with it (Mimir's
 * `…/prometheus`, VictoriaMetrics' `…/select/0/prometheus`, Mimir's `…/alertmanager`) is left as it is.
 */
export function withPathPrefix(url: string, prefix: string): string {
  const base = url.replace(/\/+$/, '');
  return prefix && !base.endsWith(prefix) ? base + prefix : base;
}

/** One line for `config validate`: what oncall will do with this engine; `showUrl` hides credentials in a URL. */
export function describePlan(plan: EnginePlan, showUrl: (url: string) => string): string {
  const parts: string[] = [];
  if (plan.pathPrefix) parts.push(`queries under ${plan.pathPrefix}`);
  const tenant = plan.headers[TENANT_HEADER];
  if (tenant) parts.push(`${TENANT_HEADER}: ${tenant}`);
  for (const [k, v] of Object.entries(plan.queryParams)) parts.push(`${k}=${v}`);
  if (plan.ruleTenants.length > 1) parts.push(`rules fetched once per tenant (${plan.ruleTenants.join(', ')}); an SLO found in one is named and read in that tenant`);
  if (plan.rulesBaseUrl) parts.push(`rules from ${showUrl(plan.rulesBaseUrl)}`);
  return parts.length ? parts.join('; ') : 'plain Prometheus API';
}

/**
 * The engine a buildinfo answer comes from, where it says so: Mimir and Cortex name themselves in
 * `application`, Thanos versions are 0.x, VictoriaMetrics answers only a fixed
 * made-up `version` (2.24.0) and nothing else.
 */
export function kindFromBuildInfo(data: unknown): EngineKind | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const app = typeof d.application === 'string' ? d.application : '';
  if (/mimir|cortex/i.test(app)) return 'mimir';
  if (/thanos/i.test(app)) return 'thanos';
  if (typeof d.version !== 'string') return undefined;
  if (/^v?0\./.test(d.version)) return 'thanos';
  // Prometheus has answered buildinfo since 2.14; Cortex 1.x answers it as Prometheus does, with its own version.
  if (/^v?1\./.test(d.version)) return 'mimir';
  if (Object.keys(d).length === 1 && d.version === '2.24.0') return 'victoriametrics';
  return 'prometheus';
}

export const ENGINE_NAMES: Record<EngineKind, string> = {
  prometheus: 'Prometheus', thanos: 'Thanos', mimir: 'Mimir/Cortex', victoriametrics: 'VictoriaMetrics',
};
