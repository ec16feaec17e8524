import type { AxiosInstance } from 'axios';
import { enginePlan, TENANT_HEADER, withPathPrefix, type EnginePlan, type FoundSettings } from '../../domain/engine.js';
import { usageError } from '../../domain/errors.js';
import type { Rule, Sample, Series } from '../../domain/types.js';
import { redactUrl } from '../errors.js';
import { sendWithRateLimit, WAIT_AND_RETRY, type RateLimitPolicy } from '../ratelimit.js';
import { createHttp, type TransportOptions } from '../transport.js';
import { unwrap, type Unwrapped } from './envelope.js';
import { detectEngine } from './detect.js';
import { toBuildInfo, toRules, toSamples, toSeries, type BuildInfo } from './mappers.js';
import { toApiTime } from './values.js';

export type { BuildInfo } from './mappers.js';

export interface QueryOutcome {
  samples: Sample[];
  warnings: string[];
}

export interface RangeOutcome {
  series: Series[];
  /** The step actually used, after clamping. */
  stepSeconds: number;
  warnings: string[];
}

export interface PrometheusApi {
  query(expr: string, time?: Date): Promise<QueryOutcome>;
  queryRange(expr: string, start: Date, end: Date, stepSeconds: number): Promise<RangeOutcome>;
  rawSamples(selector: string, start: Date, end: Date): Promise<RangeOutcome>;
  rules(type?: 'record' | 'alert'): Promise<Rule[]>;
  buildInfo(): Promise<BuildInfo>;
  /**
   * The same server asked as one tenant alone (Mimir `t1|t2`): a rule listed by one tenant's ruler is
   * evaluated there, so its SLO is read there too. Absent on engines without tenants.
   */
  forTenant?(tenant: string): PrometheusApi;
}

/** Prometheus refuses a range query with more than this many points per series. */
export const MAX_POINTS = 11_000;

/** The smallest step (seconds, at least 1) that keeps (end - start) / step within MAX_POINTS. */
export function clampStep(start: Date, end: Date, stepSeconds: number): number {
  const rangeSeconds = Math.max(0, (end.getTime() - start.getTime()) / 1000);
  return Math.max(stepSeconds, 1, Math.ceil(rangeSeconds / MAX_POINTS));
}

/** scheme://host:port of a URL, or the text itself when it is no URL (then nothing matches it). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * The transport to a rules address of its own (`rules_url`, vmalert). On the query address's origin it
 * carries the same credentials; on another origin the query address's credentials (bearer token,
 * basic auth, headers such as an API key) are not sent: a credential goes only where it was given for,
 * as with runbooks. Credentials in rules_url itself (user:password@) are its own.
 */
function rulesTransport(transport: TransportOptions, engine: EnginePlan): TransportOptions {
  const baseURL = engine.rulesBaseUrl!;
  if (originOf(baseURL) === originOf(transport.baseURL)) return { ...transport, baseURL, headers: { ...transport.headers, ...engine.headers } };
  const { bearerToken: _token, basicAuth: _auth, headers: _headers, credentials: _credentials, ...rest } = transport;
  return { ...rest, baseURL, headers: { ...engine.headers } };
}

/**
 * A client for the Prometheus HTTP API (also Thanos, Mimir, Cortex, VictoriaMetrics). Queries are
 * POSTed as a form: long PromQL does not fit in a URL, and a JSON body is rejected.
 */
export class PrometheusClient implements PrometheusApi {
  readonly name: string;
  readonly url: string;
  private http!: AxiosInstance;
  /** vmalert's own address when rules live apart from queries. */
  private rulesHttp!: AxiosInstance;
  private plan!: EnginePlan;
  /** While the engine is still to be found from buildinfo (kind unset in the config): the config's other settings. */
  private detect: FoundSettings | undefined;
  private detecting?: Promise<void>;
  /** The plan in use is a guess (no buildinfo answered anywhere): a 404 to a request asks again with these settings. */
  private guessed: FoundSettings | undefined;
  private readonly timeoutMs: number;
  private readonly rateLimit: RateLimitPolicy;
  /** Where the credentials came from, for a 401's hint. */
  private readonly credentials?: string;
  private readonly transport: TransportOptions;
  private readonly tenants = new Map<string, PrometheusClient>();

  /**
   * `detect`: the config leaves the kind unset, so the engine is found from the server's buildinfo
   * before the first request (src/sources/prometheus/detect.ts) and planned with these settings;
   * while the server will not tell, `engine` (plain Prometheus) is used.
   */
  constructor(transport: TransportOptions, engine: EnginePlan = enginePlan({ kind: 'prometheus' }), opts: { detect?: FoundSettings } = {}) {
    this.transport = transport;
    this.detect = opts.detect;
    this.use(engine);
    this.credentials = transport.credentials;
    this.name = transport.name;
    this.url = redactUrl(transport.baseURL);
    this.timeoutMs = this.http.defaults.timeout ?? 0;
    this.rateLimit = transport.rateLimit ?? WAIT_AND_RETRY;
  }

  async query(expr: string, time?: Date): Promise<QueryOutcome> {
    const form = this.queryForm(expr);
    if (time) form.set('time', toApiTime(time, 'the query time'));
    const res = await this.post('/api/v1/query', form, 'query');
    const mapped = toSamples(res.data, this.name);
    return { samples: mapped.value, warnings: [...res.warnings, ...mapped.notes] };
  }

  async queryRange(expr: string, start: Date, end: Date, stepSeconds: number): Promise<RangeOutcome> {
    const form = this.queryForm(expr);
    if (!Number.isFinite(stepSeconds) || stepSeconds <= 0) throw usageError(`step must be a positive number of seconds (got ${stepSeconds})`);
    form.set('start', toApiTime(start, 'the range start'));
    form.set('end', toApiTime(end, 'the range end'));
    if (end.getTime() < start.getTime()) throw usageError('the range ends before it starts', 'swap --start and --end');
    const step = clampStep(start, end, stepSeconds);
    form.set('step', String(step));
    const res = await this.post('/api/v1/query_range', form, 'range query');
    const mapped = toSeries(res.data, this.name);
    return { series: mapped.value, stepSeconds: step, warnings: [...res.warnings, ...mapped.notes] };
  }

  /**
   * The raw samples of a selector over [start, end], with their own timestamps (an instant query of
   * `selector[range]`), for when a step grid would blur when something began or ended.
   */
  async rawSamples(selector: string, start: Date, end: Date): Promise<RangeOutcome> {
    const seconds = Math.max(1, Math.ceil((end.getTime() - start.getTime()) / 1000));
    const form = this.queryForm(`${selector}[${seconds}s]`);
    form.set('time', toApiTime(end, 'the range end'));
    const res = await this.post('/api/v1/query', form, 'query');
    const mapped = toSeries(res.data, this.name);
    return { series: mapped.value, stepSeconds: 0, warnings: [...res.warnings, ...mapped.notes] };
  }

  async rules(type?: 'record' | 'alert'): Promise<Rule[]> {
    await this.ready();
    // Mimir's ruler refuses "multiple org IDs present": each tenant is asked on its own, and each rule
    // keeps the tenant it came from (SLO discovery reads them per tenant: src/sources/prometheus/slo/tenants.ts).
    if (this.plan.ruleTenants.length > 1) {
      const lists = await Promise.all(this.plan.ruleTenants.map(async (tenant) => (await this.forTenant(tenant).rules(type)).map((r) => ({ ...r, tenant }))));
      return lists.flat();
    }
    const res = await this.get(type ? `/api/v1/rules?type=${type}` : '/api/v1/rules', 'rules listing', 'rules');
    const rules = toRules(res.data, this.name);
    // Some compatible servers ignore `type`; filtering again costs nothing.
    const kind = type === 'record' ? 'recording' : type === 'alert' ? 'alerting' : undefined;
    return kind ? rules.filter((r) => r.kind === kind) : rules;
  }

  get ruleTenants(): readonly string[] {
    return this.plan.ruleTenants;
  }

  /** The plan in use: the configured kind's, or the one found from buildinfo. */
  get engine(): EnginePlan {
    return this.plan;
  }

  private use(engine: EnginePlan): void {
    this.plan = engine;
    const headers = { ...this.transport.headers, ...engine.headers };
    this.http = createHttp({ ...this.transport, baseURL: withPathPrefix(this.transport.baseURL, engine.pathPrefix), headers });
    this.rulesHttp = engine.rulesBaseUrl ? createHttp(rulesTransport(this.transport, engine)) : this.http;
  }

  /** Finds the engine once, shared by the requests that wait for it; asked again while the server will not tell (429, 5xx). */
  private async ready(): Promise<void> {
    if (!this.detect) return;
    this.detecting ??= detectEngine(this.transport, this.detect)
      .then((found) => {
        if (!found) return;
        this.use(found.plan);
        this.guessed = found.found ? undefined : this.detect;
        this.detect = undefined;
      })
      .finally(() => {
        this.detecting = undefined;
      });
    await this.detecting;
  }

  forTenant(tenant: string): PrometheusClient {
    let client = this.tenants.get(tenant);
    if (!client) {
      client = new PrometheusClient(this.transport, { ...this.plan, headers: { ...this.plan.headers, [TENANT_HEADER]: tenant }, ruleTenants: [] });
      this.tenants.set(tenant, client);
    }
    return client;
  }

  async buildInfo(): Promise<BuildInfo> {
    await this.ready();
    const res = await this.get('/api/v1/status/buildinfo', 'build info request');
    return toBuildInfo(res.data, this.name);
  }

  private queryForm(expr: string): URLSearchParams {
    if (expr.trim() === '') throw usageError('the PromQL query is empty');
    const form = new URLSearchParams({ query: expr });
    // Ask the server to give up a little before we do, so the user sees its timeout message
    // rather than ours, and the server stops working on a query nobody waits for.
    if (this.timeoutMs > 0) form.set('timeout', `${Math.max(1, Math.floor(this.timeoutMs * 0.9))}ms`);
    return form;
  }

  private async post(path: string, form: URLSearchParams, action: string): Promise<Unwrapped> {
    await this.ready();
    for (const [k, v] of Object.entries(this.plan.queryParams)) form.set(k, v);
    const send = () => this.http.post(path, form.toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const res = await sendWithRateLimit(send, this.rateLimit);
    this.askAgainAfter(res.status);
    return unwrap(res, this.name, action, this.credentials);
  }

  /** Callers wait for ready() first (rules() needs the plan to choose how to ask). */
  private async get(path: string, action: string, to: 'query' | 'rules' = 'query'): Promise<Unwrapped> {
    const http = to === 'rules' ? this.rulesHttp : this.http;
    const res = await sendWithRateLimit(() => http.get(path), this.rateLimit);
    this.askAgainAfter(res.status);
    return unwrap(res, this.name, action, this.credentials);
  }

  /**
   * With no buildinfo anywhere the server was taken for plain Prometheus at its address. A 404 there
   * says the guess may be wrong (a gateway that was not ready, a prefix that came later): the engine is
   * looked for again before the next request, not fixed until a restart.
   */
  private askAgainAfter(status: number): void {
    if (status !== 404 || !this.guessed) return;
    this.detect = this.guessed;
    this.guessed = undefined;
  }
}
