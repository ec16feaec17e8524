import type { AxiosResponse } from 'axios';
import { enginePlan, ENGINE_NAMES, kindFromBuildInfo, type EngineKind, type EnginePlan, type FoundSettings } from '../../domain/engine.js';
import { OncallError } from '../../domain/errors.js';
import { redactUrl } from '../errors.js';
import { createHttp, type TransportOptions } from '../transport.js';

export interface Detection {
  /** What oncall does with the server: the found kind's plan, at the path that answered. */
  plan: EnginePlan;
  /** The kind the buildinfo names; absent when the server has none (older Thanos, some proxies). */
  found?: EngineKind;
  /** What answered, e.g. "Thanos 0.32.5". */
  what: string;
}

const BUILDINFO = '/api/v1/status/buildinfo';
const MIMIR_PREFIX = '/prometheus';

/** A buildinfo answer's data, or undefined when the answer is none (an error status, a login page). */
export function buildInfoOf(res: AxiosResponse): Record<string, unknown> | undefined {
  const body = res.data as { status?: unknown; data?: unknown } | undefined;
  return res.status === 200 && body?.status === 'success' && typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : undefined;
}

/** `pathPrefix`: where the queries are, from the configured URL (a URL that already ends with it gets it once). */
function answered(kind: EngineKind, pathPrefix: string, data: Record<string, unknown>, settings: FoundSettings): Detection {
  const version = typeof data.version === 'string' ? data.version : '(unknown version)';
  return { plan: { ...enginePlan({ kind, ...settings }), pathPrefix }, found: kind, what: `${ENGINE_NAMES[kind]} ${version}` };
}

/**
 * The engine behind a Prometheus URL whose `kind` the config leaves unset, from its buildinfo, so
 * Thanos gets `dedup` and `partial_response` and Mimir its `/prometheus` prefix without being told.
 * Mimir answers buildinfo at its root as well as under `/prometheus`, but queries only there; a server
 * found under `/prometheus` alone (Mimir behind a gateway, a Prometheus with that route prefix) is
 * queried there, as the kind its buildinfo names. Any other address that answered is queried as it
 * is (a single-node VictoriaMetrics at its root).
 * Undefined when the server would not tell now (429, 5xx, credentials refused): the caller asks again
 * before its next request, which meets the same answer under its own policy. A timeout or a refused
 * connection is thrown, as the request itself would meet it: one wait, not two. Throws too when
 * something under `/prometheus` wants a tenant, which only the config can give.
 */
export async function detectEngine(transport: TransportOptions, settings: FoundSettings = {}): Promise<Detection | undefined> {
  const http = createHttp(transport);
  // No rate-limit waits here: a 429 is "ask again later", and the request that follows meets it.
  const root = await http.get<unknown>(BUILDINFO);
  const info = buildInfoOf(root);
  if (info) {
    const kind = kindFromBuildInfo(info) ?? 'prometheus';
    return answered(kind, kind === 'mimir' ? MIMIR_PREFIX : '', info, settings);
  }
  if (root.status !== 404 && root.status !== 401) return undefined;
  const under = await http.get<unknown>(MIMIR_PREFIX + BUILDINFO);
  const underInfo = buildInfoOf(under);
  if (underInfo) return answered(kindFromBuildInfo(underInfo) ?? 'mimir', MIMIR_PREFIX, underInfo, settings);
  if (/org id/i.test(String(under.data))) {
    throw new OncallError('config', `found Mimir/Cortex under ${redactUrl(transport.baseURL).replace(/\/+$/, '')}${MIMIR_PREFIX}, and it wants a tenant`, {
      source: transport.name,
      hint: 'set prometheus.kind: mimir and prometheus.tenant (sent as X-Scope-OrgID) in this context',
    });
  }
  // No buildinfo anywhere: treat it as plain Prometheus; the query itself says whether it answers.
  return root.status === 404 ? { plan: enginePlan({ kind: 'prometheus', ...settings }), what: 'no buildinfo' } : undefined;
}
