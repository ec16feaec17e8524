import type { AxiosResponse } from 'axios';
import { describePlan, enginePlan, ENGINE_NAMES, kindFromBuildInfo, withPathPrefix, type EngineKind, type EnginePlan, type FoundSettings } from '../domain/engine.js';
import { OncallError, type ErrorKind } from '../domain/errors.js';
import { bodyMessage, redactUrl, toSourceError } from '../sources/errors.js';
import { buildInfoOf, detectEngine } from '../sources/prometheus/detect.js';
import { createHttp, type TransportOptions } from '../sources/transport.js';
import type { ResolvedContext } from './context.js';

export interface SourceCheck {
  /** "prometheus", "alertmanager[2]", "pagerduty" */
  source: string;
  url: string;
  status: 'ok' | 'failed' | 'skipped';
  /** What was found ("Prometheus 2.42.0") or what is wrong (the OncallError's message). */
  detail: string;
  /** For a failure: what to do about it. */
  hint?: string;
}

/** URLs are shown as configured; only credentials in them are replaced. */
export function displayUrl(url: string): string {
  return /@|\?/.test(url) ? redactUrl(url) : url;
}

const KIND_BY_STATUS: Record<number, ErrorKind> = { 401: 'auth', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' };

const HINT_BY_KIND: Partial<Record<ErrorKind, string>> = {
  auth: 'the credentials were rejected: check the token / basic_auth in your config',
  forbidden: 'the credentials are valid but not allowed to read this',
  not_found: 'is the URL right (including any path prefix)?',
};

function statusError(res: AxiosResponse, source: string): OncallError {
  const kind = KIND_BY_STATUS[res.status] ?? (res.status >= 500 ? 'server' : 'bad_response');
  const url = redactUrl(`${res.config.baseURL ?? ''}${res.config.url ?? ''}`);
  const said = bodyMessage(res.data);
  // Mimir's 401 without a tenant is no rejected credential.
  const hint = /no org id/i.test(said ?? String(res.data)) ? 'Mimir wants a tenant: set prometheus.tenant (sent as X-Scope-OrgID) with kind: mimir' : HINT_BY_KIND[kind];
  return new OncallError(kind, `HTTP ${res.status} from ${url}${said ? `: ${said}` : ''}`, {
    source,
    status: res.status,
    hint,
  });
}

async function get(opts: TransportOptions, path: string, headers?: Record<string, string>): Promise<AxiosResponse> {
  return createHttp(opts).get(path, { headers });
}

async function probe(source: string, url: string, run: () => Promise<string>): Promise<SourceCheck> {
  try {
    return { source, url: displayUrl(url), status: 'ok', detail: await run() };
  } catch (err) {
    const e = toSourceError(err, source);
    return { source, url: displayUrl(url), status: 'failed', detail: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
}

function checkPrometheus(opts: TransportOptions, plan: EnginePlan, detect: FoundSettings | undefined): Promise<SourceCheck> {
  return probe(opts.name, opts.baseURL, async () => {
    // No kind in the config: what the dashboard and commands will find, and do with it.
    const detected = detect ? await detectEngine(opts, detect) : undefined;
    const used = detected?.plan ?? plan;
    const at = { ...opts, baseURL: withPathPrefix(opts.baseURL, used.pathPrefix), headers: { ...opts.headers, ...used.headers } };
    // Ok only when a query works as every command sends it (a POSTed form): Mimir answers buildinfo at its root,
    // where it takes no query, and its queries want a tenant.
    const q = await createHttp(at).post('/api/v1/query', 'query=vector(1)', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    if (q.status !== 200 || q.data?.status !== 'success') throw statusError(q, opts.name);
    if (detected?.found) return `${detected.what}; kind ${detected.found} (found, not set): ${describePlan(used, displayUrl)}`;
    const info = buildInfoOf(await get(at, '/api/v1/status/buildinfo'));
    if (info) {
      const found = kindFromBuildInfo(info);
      return engineLine(used, found, `${found ? ENGINE_NAMES[found] : 'Prometheus API'} ${info.version ?? '(unknown version)'}`);
    }
    // Older Thanos and some proxies have no buildinfo but answer queries.
    return `answers queries (no buildinfo); kind ${used.kind}${detect ? ' (assumed)' : ''}: ${describePlan(used, displayUrl)}`;
  });
}

/** What was found and what oncall will do with it; a server that looks like another kind than the one set is named. */
function engineLine(plan: EnginePlan, found: EngineKind | undefined, what: string): string {
  const clash = found && found !== 'prometheus' && found !== plan.kind ? `; but the server looks like ${found}` : '';
  return `${what}; kind ${plan.kind}: ${describePlan(plan, displayUrl)}${clash}`;
}

function checkAlertmanager(opts: TransportOptions): Promise<SourceCheck> {
  return probe(opts.name, opts.baseURL, async () => {
    const res = await get(opts, '/api/v2/status');
    if (res.status !== 200 || typeof res.data !== 'object' || res.data === null) throw statusError(res, opts.name);
    const version = res.data.versionInfo?.version ?? '(unknown version)';
    const cluster = res.data.cluster?.status ? `, cluster ${res.data.cluster.status}` : '';
    return `Alertmanager ${version}${cluster}`;
  });
}

function checkPagerDuty(pd: NonNullable<ResolvedContext['pagerduty']>): Promise<SourceCheck> {
  const source = 'pagerduty';
  return probe(source, pd.transport.baseURL, async () => {
    const token = await pd.token.get();
    const headers = {
      Authorization: pd.tokenType === 'bearer' ? `Bearer ${token}` : `Token token=${token}`,
      Accept: 'application/vnd.pagerduty+json;version=2',
    };
    const me = await get(pd.transport, '/users/me', headers);
    if (me.status === 200) {
      const email: string | undefined = me.data?.user?.email;
      const mismatch = pd.from && email && pd.from.toLowerCase() !== email.toLowerCase() ? ` (note: from is ${pd.from})` : '';
      return `user token for ${email ?? me.data?.user?.name ?? 'unknown user'}${mismatch}`;
    }
    if (me.status === 401) throw statusError(me, source);
    // /users/me only works with a user token; an account (REST API) token is checked with /abilities.
    const abilities = await get(pd.transport, '/abilities', headers);
    if (abilities.status !== 200) throw statusError(abilities, source);
    const hint = pd.from ? '' : ' — set pagerduty.from (or PAGERDUTY_FROM) to the email writes should be made as';
    return `account token${hint}`;
  });
}

/** One plain GET per configured source, in parallel. Never throws; failures are data. */
export async function checkSources(ctx: ResolvedContext): Promise<SourceCheck[]> {
  const skipped = (source: string): SourceCheck => ({ source, url: '', status: 'skipped', detail: 'not configured' });
  const checks: Promise<SourceCheck>[] = [
    ctx.prometheus ? checkPrometheus(ctx.prometheus, ctx.prometheusEngine ?? enginePlan({ kind: 'prometheus' }), ctx.prometheusDetect) : Promise.resolve(skipped('prometheus')),
    ...(ctx.alertmanagers.length > 0 ? ctx.alertmanagers.map(checkAlertmanager) : [Promise.resolve(skipped('alertmanager'))]),
    ctx.pagerduty ? checkPagerDuty(ctx.pagerduty) : Promise.resolve(skipped('pagerduty')),
  ];
  return Promise.all(checks);
}
