/**
 * How long a server asked us to wait, from a 429 (or 503) answer's headers. PagerDuty sends
 * `ratelimit-reset` (seconds); proxies and gateways in front of Prometheus and Alertmanager send
 * `Retry-After`, as seconds or as an HTTP date. When both are there, the longer wait wins.
 */
export function rateLimitWaitSeconds(headers: Record<string, unknown> | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const waits = [resetSeconds(header(headers, 'ratelimit-reset'), nowMs), retryAfterSeconds(header(headers, 'retry-after'), nowMs)];
  const known = waits.filter((w): w is number => w !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  // axios lower-cases names; a plain object from a test or another client may not.
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return value === undefined || value === null ? undefined : String(value).trim();
}

/** Delta seconds; a value that can only be a Unix time (some gateways send one) is turned into a delta. */
function resetSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  if (n > 1_000_000_000) return Math.max(0, Math.ceil(n - nowMs / 1000));
  return Math.ceil(n);
}

function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RateLimitPolicy {
  /** How many times a refused (429) request is sent again; 0 leaves the waiting to the caller (the pollers). */
  retries: number;
  /** A longer wait is not sat out: the 429 is returned, with the wait, for the caller to report. */
  maxWaitSeconds: number;
  sleep: Sleep;
}

/** Headless commands wait what the server asks, twice at most and a minute at most each time. */
export const WAIT_AND_RETRY: RateLimitPolicy = { retries: 2, maxWaitSeconds: 60, sleep: realSleep };
/** The dashboard's pollers schedule the next poll at the reset themselves and show when in the header. */
export const NO_RETRY: RateLimitPolicy = { retries: 0, maxWaitSeconds: 0, sleep: realSleep };

/**
 * Sends, and while the answer is a 429 that says how long to wait, waits that long and sends again.
 * A 429 means the request was refused, so sending it again cannot do anything twice (writes included).
 */
export async function sendWithRateLimit<R extends { status: number; headers?: unknown }>(send: () => Promise<R>, policy: RateLimitPolicy): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    if (res.status !== 429 || attempt >= policy.retries) return res;
    const wait = rateLimitWaitSeconds(res.headers as Record<string, unknown> | undefined);
    if (wait === undefined || wait > policy.maxWaitSeconds) return res;
    await policy.sleep(wait * 1000);
  }
}
