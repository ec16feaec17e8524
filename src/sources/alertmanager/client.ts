import type { AxiosInstance, AxiosRequestConfig, Method } from 'axios';
import { OncallError, usageError } from '../../domain/errors.js';
import { formatMatcher } from '../../domain/matchers.js';
import type { Alert, AlertGroup, Matcher, Silence, SilenceDraft } from '../../domain/types.js';
import { redactUrl } from '../errors.js';
import { sendWithRateLimit, WAIT_AND_RETRY, type RateLimitPolicy } from '../ratelimit.js';
import { createHttp, type TransportOptions } from '../transport.js';
import type { AlertFilter, AlertmanagerApi, AmStatus, DecodeOptions, ExtendResult } from './api.js';
import { responseError, type RequestContext } from './errors.js';
import { extensionOf } from '../../domain/silences.js';
import { expectArray, toAlertGroup, toAlerts, toPostableSilence, toSilence, toStatus } from './mappers.js';
import { validateSilenceDraft } from '../../domain/silenceDraft.js';

/** One matcher per `filter` parameter: Alertmanager rejects braces and comma lists there. */
function filterParams(matchers: Matcher[] | undefined, params = new URLSearchParams()): URLSearchParams {
  for (const m of matchers ?? []) params.append('filter', formatMatcher(m));
  return params;
}

function alertParams(filter: AlertFilter, withUnprocessed: boolean): URLSearchParams {
  const params = new URLSearchParams();
  const flags = withUnprocessed ? (['active', 'silenced', 'inhibited', 'unprocessed'] as const) : (['active', 'silenced', 'inhibited'] as const);
  for (const flag of flags) {
    const value = filter[flag];
    if (value !== undefined) params.set(flag, String(value));
  }
  if (filter.receiver) params.set('receiver', filter.receiver);
  return filterParams(filter.matchers, params);
}

/** The body as it came: axios leaves it unparsed. */
const AS_TEXT: AxiosRequestConfig = { responseType: 'text', transformResponse: (text: unknown) => text };

/** A body parsed when it is JSON (a list, Alertmanager's {code,message} or a JSON string), else the text (then not a list: a bad response). */
function parsedOrText(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function silencePath(id: string): string {
  if (id.trim() === '') throw usageError('a silence id is required', 'copy one from `oncall silences`');
  return `/api/v2/silence/${encodeURIComponent(id.trim())}`;
}

/** A single Alertmanager. Every non-2xx answer becomes an OncallError with a next step. */
export class AlertmanagerClient implements AlertmanagerApi {
  readonly name: string;
  readonly url: string;
  private readonly http: AxiosInstance;
  private readonly rateLimit: RateLimitPolicy;
  private readonly credentials?: string;

  constructor(
    transport: TransportOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.http = createHttp(transport);
    this.credentials = transport.credentials;
    this.name = transport.name;
    this.url = redactUrl(transport.baseURL);
    this.rateLimit = transport.rateLimit ?? WAIT_AND_RETRY;
  }

  /** `config`: AS_TEXT for a body parsed later by the caller; an error answer's body is parsed here either way. */
  private async send(method: Method, path: string, ctx: Omit<RequestContext, 'source'>, body?: unknown, config: AxiosRequestConfig = {}): Promise<unknown> {
    const res = await sendWithRateLimit(() => this.http.request({ ...config, method, url: path, data: body }), this.rateLimit);
    if (res.status < 200 || res.status >= 300) throw responseError({ ...res, data: parsedOrText(res.data) }, { ...ctx, source: this.name, credentials: this.credentials });
    return res.data;
  }

  /** The answer is read as text and parsed after `beforeDecode`, so the parse can wait too. */
  async alerts(filter: AlertFilter = {}, opts: DecodeOptions = {}): Promise<Alert[]> {
    const text = await this.send('GET', withQuery('/api/v2/alerts', alertParams(filter, true)), { action: 'list alerts' }, undefined, AS_TEXT);
    await opts.beforeDecode?.();
    return toAlerts(parsedOrText(text), this.name, opts.held);
  }

  async alertGroups(filter: AlertFilter = {}): Promise<AlertGroup[]> {
    const data = await this.send('GET', withQuery('/api/v2/alerts/groups', alertParams(filter, false)), { action: 'list alert groups' });
    return expectArray(data, this.name, 'alert group list').map((g) => toAlertGroup(g, this.name));
  }

  /** Note: Alertmanager compares these matchers with the silences' own matchers; it does not match labels. */
  async silences(matchers?: Matcher[]): Promise<Silence[]> {
    const data = await this.send('GET', withQuery('/api/v2/silences', filterParams(matchers)), { action: 'list silences' });
    return expectArray(data, this.name, 'silence list').map((s) => toSilence(s, this.name));
  }

  async silence(id: string): Promise<Silence> {
    const data = await this.send('GET', silencePath(id), { action: 'read the silence', silenceId: id });
    return toSilence(data, this.name);
  }

  async createSilence(draft: SilenceDraft): Promise<string> {
    validateSilenceDraft(draft, this.now());
    const body = toPostableSilence({ ...draft, id: undefined });
    return this.postSilence(body, { action: 'create the silence' });
  }

  async updateSilence(draft: SilenceDraft & { id: string }): Promise<string> {
    silencePath(draft.id);
    validateSilenceDraft(draft, this.now());
    return this.postSilence(toPostableSilence(draft), { action: 'update the silence', silenceId: draft.id });
  }

  private async postSilence(body: unknown, ctx: Omit<RequestContext, 'source'>): Promise<string> {
    const data = (await this.send('POST', '/api/v2/silences', ctx, body)) as { silenceID?: unknown } | null;
    if (!data || typeof data.silenceID !== 'string' || data.silenceID === '') {
      throw new OncallError('bad_response', 'Alertmanager did not return a silence id', { source: this.name });
    }
    return data.silenceID;
  }

  async extendSilence(id: string, by: number): Promise<ExtendResult> {
    const draft = extensionOf(await this.silence(id), by, this.now());
    const newId = await this.updateSilence(draft);
    return { id: newId, endsAt: draft.endsAt, replaced: newId !== id };
  }

  /** Expiring an already expired silence is fine (200); an unknown id is not_found on every version. */
  async expireSilence(id: string): Promise<void> {
    await this.send('DELETE', silencePath(id), { action: 'expire the silence', silenceId: id });
  }

  async status(): Promise<AmStatus> {
    return toStatus(await this.send('GET', '/api/v2/status', { action: 'read the status' }), this.name);
  }
}
