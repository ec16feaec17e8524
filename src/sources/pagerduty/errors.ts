import { OncallError } from '../../domain/errors.js';
import { bodyMessage, redactText } from '../errors.js';
import type { WireError } from './wire.js';

export const SOURCE = 'pagerduty';

/** What was being done, so an error can say it and pick the right advice. */
export interface RequestContext {
  /** e.g. "acknowledge PT4KHLK", "list incidents" */
  what: string;
  write?: boolean;
  /** GET /users/me: answers 400/403 to account-level keys. */
  me?: boolean;
  /** Incident ids involved, for 404 messages. */
  ids?: string[];
  /** Where the token came from ("env PD_TOKEN", "file ~/.pd"), for the 401 hint; never the token. */
  tokenSource?: string;
}

export function errorCode(data: unknown): number | undefined {
  const e = (data as WireError | undefined)?.error;
  return typeof e === 'object' && e && typeof e.code === 'number' ? e.code : undefined;
}

/** "Invalid Input Provided: Status must be …; …" from PagerDuty's {"error": {message, errors[]}}. */
export function errorDetail(data: unknown): string | undefined {
  const e = (data as WireError | undefined)?.error;
  if (typeof e === 'object' && e) {
    const errors = (e.errors ?? []).filter((x): x is string => typeof x === 'string');
    const parts = [e.message, errors.join('; ')].filter((p): p is string => !!p);
    if (parts.length) return redactText(parts.join(': '));
  }
  return bodyMessage(data);
}

export function fromMissing(what: string): OncallError {
  return new OncallError('config', `cannot ${what}: PagerDuty needs the email of the acting user for every change`, {
    source: SOURCE,
    hint: 'set PAGERDUTY_FROM or pagerduty.from in config to your PagerDuty login email',
  });
}

export function rateLimited(what: string, resetSeconds: number | undefined): OncallError {
  const wait = resetSeconds !== undefined ? ` for ${resetSeconds}s` : '';
  return new OncallError('rate_limited', `PagerDuty is rate-limiting this token (${what})`, {
    source: SOURCE,
    status: 429,
    retryAfterSeconds: resetSeconds,
    hint: `wait${wait} and try again; PagerDuty allows about 960 requests a minute per key`,
  });
}

/** Maps a non-2xx PagerDuty answer to an error that says what to do. Never includes request headers. */
export function toPdError(status: number, data: unknown, ctx: RequestContext): OncallError {
  const detail = errorDetail(data);
  const suffix = detail ? ` (${detail})` : '';
  const opts = { source: SOURCE, status };
  if (status === 401) {
    return new OncallError('auth', `PagerDuty rejected the token${suffix}`, { ...opts, hint: `check the PagerDuty token${ctx.tokenSource ? ` (${ctx.tokenSource})` : ''}` });
  }
  if (ctx.me && (status === 400 || status === 403)) {
    return new OncallError('config', `PagerDuty cannot tell who "me" is: /users/me only works with a user token, not an account-level API key${suffix}`, {
      ...opts,
      hint: 'use a personal user API token, or set pagerduty.from (PAGERDUTY_FROM) to your email for writes',
    });
  }
  if (status === 403 && ctx.write) {
    return new OncallError('forbidden', `PagerDuty refused to ${ctx.what}: this token is read-only${suffix}`, {
      ...opts,
      hint: 'use a user token or an API key with write access',
    });
  }
  if (status === 403) {
    return new OncallError('forbidden', `PagerDuty denied access to ${ctx.what}${suffix}`, {
      ...opts,
      hint: 'the token lacks permission for this; ask a PagerDuty admin or use another key',
    });
  }
  if (status === 400 && errorCode(data) === 2016) {
    return new OncallError('config', `PagerDuty does not accept the From email for ${ctx.what}${suffix}`, {
      ...opts,
      hint: 'set PAGERDUTY_FROM or pagerduty.from in config to the email of a user on this PagerDuty account',
    });
  }
  if (status === 404) {
    const ids = ctx.ids?.length ? ` ${ctx.ids.join(', ')}` : '';
    return new OncallError('not_found', `PagerDuty has no incident${ids} (${ctx.what})`, { ...opts, hint: '`oncall incidents` lists them' });
  }
  if (status === 413) {
    return new OncallError('usage', `too many incidents in one request to ${ctx.what}${suffix}`, opts);
  }
  if (status === 429) return rateLimited(ctx.what, undefined);
  if (status >= 500) {
    return new OncallError('server', `PagerDuty failed to ${ctx.what}: HTTP ${status}${suffix}`, { ...opts, hint: 'PagerDuty may be degraded; see https://status.pagerduty.com' });
  }
  return new OncallError('server', `PagerDuty refused to ${ctx.what}: HTTP ${status}${suffix}`, opts);
}
