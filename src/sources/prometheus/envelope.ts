import { OncallError, type ErrorKind } from '../../domain/errors.js';
import { credentialsHint, redactText } from '../errors.js';
import { rateLimitWaitSeconds } from '../ratelimit.js';

/** The parts of an answer the envelope check needs; an AxiosResponse fits. */
export interface RawResponse {
  status: number;
  data: unknown;
  headers?: Record<string, unknown>;
}

export interface Unwrapped {
  data: unknown;
  warnings: string[];
}

type Obj = Record<string, unknown>;

/** A short, single-line, redacted piece of a body we could not read (a proxy's HTML page, say). */
export function snippet(body: unknown, max = 120): string {
  let text = typeof body === 'string' ? body : body == null ? '' : JSON.stringify(body);
  text = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  text = redactText(text);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function envelopeOf(body: unknown): Obj | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const status = (body as Obj).status;
  return status === 'success' || status === 'error' ? (body as Obj) : undefined;
}

function warningsOf(env: Obj): string[] {
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((w): w is string => typeof w === 'string') : []);
  // Prometheus 3 splits notes into warnings and infos; both are worth showing.
  return [...list(env.warnings), ...list(env.infos).map((i) => `info: ${i}`)].map(redactText);
}

const BY_ERROR_TYPE: Record<string, { kind: ErrorKind; hint: string }> = {
  bad_data: { kind: 'usage', hint: 'check the PromQL (and any time range or step)' },
  execution: { kind: 'server', hint: 'the query is valid PromQL but failed on this data; see the message' },
  timeout: { kind: 'timeout', hint: 'the query ran longer than the server allows; narrow the time range or simplify it' },
  canceled: { kind: 'timeout', hint: 'the server canceled the query; it will be retried' },
  unavailable: { kind: 'server', hint: 'Prometheus is starting or shutting down; it will be retried' },
  not_found: { kind: 'not_found', hint: 'check the URL in your config, including any path prefix' },
};

function envelopeError(env: Obj, status: number, source: string, action: string): OncallError {
  const errorType = typeof env.errorType === 'string' ? env.errorType : 'error';
  const message = typeof env.error === 'string' && env.error ? redactText(env.error) : `HTTP ${status}`;
  const known = BY_ERROR_TYPE[errorType];
  const lead = known?.kind === 'usage' ? `Prometheus rejected the ${action}` : `Prometheus failed the ${action}`;
  return new OncallError(known?.kind ?? 'server', `${lead}: ${message}`, {
    source,
    status,
    hint: known?.hint ?? 'it will be retried',
  });
}

/**
 * Checks an answer and returns its `data`. `status` is read before `data`: Prometheus answers
 * 400 bad_data, 422 execution and 503 timeout with the same envelope, and a 2xx from something
 * that is not Prometheus (a login page, a proxy) must not be taken for an empty result.
 */
export function unwrap(res: RawResponse, source: string, action: string, credentials?: string): Unwrapped {
  const { status, data } = res;
  if (status === 401 && /org ?id/i.test(snippet(data) ?? '')) {
    // Mimir/Cortex: the request lacked X-Scope-OrgID, not a credential.
    return fail('auth', `the server wants a tenant (401: ${snippet(data)}) to ${action}`, source, status, 'set prometheus.kind: mimir and prometheus.tenant in the config');
  }
  if (status === 401) {
    return fail('auth', `Prometheus refused the credentials (401) to ${action}`, source, status, credentialsHint('Prometheus', credentials));
  }
  if (status === 403) {
    return fail('forbidden', `not allowed to ${action} (403)`, source, status, 'the credentials work but lack access; ask for read access to this Prometheus');
  }
  if (status === 429) {
    const after = rateLimitWaitSeconds(res.headers as Record<string, unknown> | undefined);
    const err = new OncallError('rate_limited', `Prometheus is rate limiting us (429) while trying to ${action}`, {
      source,
      status,
      hint: after !== undefined ? `it asks us to wait ${after}s: try again then` : 'wait a little; polling will back off',
      retryAfterSeconds: after,
    });
    throw err;
  }
  const env = envelopeOf(data);
  if (env?.status === 'error') throw envelopeError(env, status, source, action);
  if (env && status >= 200 && status < 300) {
    if (!('data' in env)) return fail('bad_response', `Prometheus answered success without data to ${action}`, source, status);
    return { data: env.data, warnings: warningsOf(env) };
  }
  const body = snippet(data);
  const seen = body ? `: ${body}` : '';
  if (status === 404) {
    return fail('not_found', `no Prometheus API at this URL (404) to ${action}${seen}`, source, status, 'point the URL at Prometheus itself, including any path prefix such as /prometheus');
  }
  if (status >= 500) {
    return fail('server', `Prometheus or a proxy in front of it answered ${status} to ${action}${seen}`, source, status, 'it will be retried');
  }
  return fail('bad_response', `not a Prometheus API answer (HTTP ${status}) to ${action}${seen}`, source, status, 'is the URL pointing at Prometheus (or a compatible /api/v1 such as Thanos or Mimir)?');
}

function fail(kind: ErrorKind, message: string, source: string, status: number, hint?: string): never {
  throw new OncallError(kind, message, { source, status, hint });
}
