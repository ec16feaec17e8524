import type { AxiosInstance, AxiosResponse } from 'axios';
import { enginePlan, ENGINE_NAMES, kindFromBuildInfo, type EngineKind, type EnginePlan } from '../../domain/engine.js';
import { OncallError } from '../../domain/errors.js';
import { redactUrl } from '../errors.js';
import { sendWithRateLimit, WAIT_AND_RETRY } from '../ratelimit.js';
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

function buildInfoOf(res: AxiosResponse): Record<string, unknown> | undefined {
  const body = res.data as { status?: unknown; data?: unknown } | undefined;
  return res.status === 200 && body?.status === 'success' && typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : undefined;
}

function answered(kind: EngineKind, pathPrefix: string, data: Record<string, unknown>): Detection {
  const version = typeof data.version === 'string' ? data.version : '(unknown version)';
  // The address that answered is where queries go: no prefix on top of it (a single-node
  // VictoriaMetrics answers at its root, a Mimir URL may already end with /prometheus).
  return { plan: { ...enginePlan({ kind }), pathPrefix }, found: kind, what: `${ENGINE_NAMES[kind]} ${version}` };
}

async function ask(http: AxiosInstance, path: string): Promise<AxiosResponse | undefined> {
  try {
    return await sendWithRateLimit(() => http.get<unknown>(path), WAIT_AND_RETRY);
  } catch {
    return undefined; // down, timed out: the query that follows says so
  }
}

/**
 * The engine behind a Prometheus URL whose `kind` the config leaves unset, from its buildinfo, so
 * Thanos gets `dedup` and `partial_response` and a Mimir without tenants its `/prometheus` prefix
 * without being told. Undefined when the server could not be asked (down, 5xx, credentials refused):
 * the caller asks again before its next request. Throws when Mimir is found under `/prometheus` but
 * wants a tenant, which only the config can give: no query could work.
 */
export async function detectEngine(transport: TransportOptions): Promise<Detection | undefined> {
  const http = createHttp(transport);
  const root = await ask(http, BUILDINFO);
  if (!root) return undefined;
  const info = buildInfoOf(root);
  if (info) return answered(kindFromBuildInfo(info) ?? 'prometheus', '', info);
  if (root.status !== 404 && root.status !== 401) return undefined;
  const mimir = await ask(http, MIMIR_PREFIX + BUILDINFO);
  const mimirInfo = mimir && buildInfoOf(mimir);
  if (mimirInfo) return answered('mimir', MIMIR_PREFIX, mimirInfo);
  if (mimir && /org id/i.test(String(mimir.data))) {
    throw new OncallError('config', `found Mimir/Cortex under ${redactUrl(transport.baseURL)}${MIMIR_PREFIX}, and it wants a tenant`, {
      source: transport.name,
      hint: 'set prometheus.kind: mimir and prometheus.tenant (sent as X-Scope-OrgID) in this context',
    });
  }
  // No buildinfo anywhere: treat it as plain Prometheus; the query itself says whether it answers.
  return root.status === 404 ? { plan: enginePlan({ kind: 'prometheus' }), what: 'no buildinfo' } : undefined;
}
