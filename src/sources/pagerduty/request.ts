import type { AxiosInstance } from 'axios';
import { OncallError } from '../../domain/errors.js';
import { rateLimitWaitSeconds, sendWithRateLimit, type RateLimitPolicy } from '../ratelimit.js';
import { fromMissing, rateLimited, SOURCE, toPdError, type RequestContext } from './errors.js';

export const PD_ACCEPT = 'application/vnd.pagerduty+json;version=2';
export { realSleep, type Sleep } from '../ratelimit.js';

export interface PdRequest extends RequestContext {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: URLSearchParams;
  body?: unknown;
}

export interface PdAnswer {
  status: number;
  data: unknown;
}

/**
 * One place that sends to PagerDuty: the versioned Accept, the Authorization and From headers,
 * the 429 wait-and-retry. Network failures and timeouts are never retried here, so a write that may
 * have reached PagerDuty is not sent again.
 */
export class PdHttp {
  constructor(
    private readonly http: AxiosInstance,
    private readonly authorization: string,
    private readonly from: string | undefined,
    private readonly rateLimit: RateLimitPolicy,
    /** Where the token came from, for the 401 hint. */
    private readonly tokenSource?: string,
  ) {}

  /** The error for a non-2xx answer. */
  error(status: number, data: unknown, ctx: RequestContext): OncallError {
    return toPdError(status, data, { ...ctx, tokenSource: this.tokenSource });
  }

  /** Sends and returns the answer whatever its status, except 429 which is waited out or thrown. */
  async raw(req: PdRequest): Promise<PdAnswer> {
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      Accept: PD_ACCEPT,
      'Content-Type': 'application/json',
    };
    if (req.write) {
      if (!this.from) throw fromMissing(req.what);
      headers.From = this.from;
    }
    const qs = req.query?.toString();
    const url = qs ? `${req.path}?${qs}` : req.path;
    const res = await sendWithRateLimit(() => this.http.request({ method: req.method, url, headers, data: req.body }), this.rateLimit);
    if (res.status === 429) throw rateLimited(req.what, rateLimitWaitSeconds(res.headers as Record<string, unknown>));
    return { status: res.status, data: res.data };
  }

  /** Sends and returns the body of a 2xx answer; any other status becomes an OncallError. */
  async json<T>(req: PdRequest): Promise<T> {
    const { status, data } = await this.raw(req);
    if (status < 200 || status >= 300) throw this.error(status, data, req);
    if (typeof data !== 'object' || data === null) {
      throw new OncallError('bad_response', `PagerDuty answered ${req.what} with something that is not JSON`, {
        source: SOURCE,
        status,
        hint: 'check that the PagerDuty URL points at the REST API (https://api.pagerduty.com), not a proxy page',
      });
    }
    return data as T;
  }
}
