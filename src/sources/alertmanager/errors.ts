import type { AxiosResponse } from 'axios';
import { OncallError } from '../../domain/errors.js';
import { bodyMessage, credentialsHint } from '../errors.js';
import { rateLimitWaitSeconds } from '../ratelimit.js';

export interface RequestContext {
  source: string;
  /** what we were doing, for the message: "list alerts", "create the silence" */
  action: string;
  /** set on silence endpoints, so an unknown id reads as one */
  silenceId?: string;
  /** Where the credentials came from, for a 401's hint. */
  credentials?: string;
}

/** Alertmanager prefixes its refusals; the user only needs the reason. */
function reason(data: unknown): string {
  const text = bodyMessage(data) ?? '';
  return text.replace(/^(failed to create silence|silence invalid):\s*/i, '').trim();
}

function unknownSilence(ctx: RequestContext, status: number): OncallError {
  return new OncallError('not_found', `no silence with id ${ctx.silenceId}`, {
    source: ctx.source,
    status,
    hint: 'check `oncall silences` for the id',
  });
}

/**
 * Maps a non-2xx answer to an OncallError. Alertmanager sends 422 {code,message} for schema failures
 * and a bare JSON string for everything else; 0.25 answers 500 (later 404) for an unknown silence id.
 */
export function responseError(res: AxiosResponse, ctx: RequestContext): OncallError {
  const status = res.status;
  const why = reason(res.data);
  const { source } = ctx;
  if (ctx.silenceId && (status === 404 || (status === 500 && /not found/i.test(why)))) return unknownSilence(ctx, status);
  if (status === 401) {
    return new OncallError('auth', `Alertmanager refused the credentials (401) to ${ctx.action}`, {
      source,
      status,
      hint: credentialsHint('this Alertmanager', ctx.credentials),
    });
  }
  if (status === 403) {
    return new OncallError('forbidden', `not allowed to ${ctx.action} (403)`, { source, status, hint: 'ask for access, or use a read-only view' });
  }
  if (status === 404) {
    return new OncallError('not_found', `Alertmanager has no such endpoint (404) while trying to ${ctx.action}`, {
      source,
      status,
      hint: 'point the URL at Alertmanager itself (API v2), including any path prefix',
    });
  }
  if (status === 400 || status === 422) {
    return new OncallError('usage', `Alertmanager refused to ${ctx.action}: ${why || `HTTP ${status}`}`, {
      source,
      status,
      hint: ctx.action.includes('silence')
        ? 'check the matchers, start/end times, author and comment'
        : 'check the matchers (one per argument, e.g. severity=critical)',
    });
  }
  if (status === 429) {
    const after = rateLimitWaitSeconds(res.headers as Record<string, unknown> | undefined);
    return new OncallError('rate_limited', `Alertmanager is rate limiting us (429) while trying to ${ctx.action}`, {
      source,
      status,
      retryAfterSeconds: after,
      hint: after !== undefined ? `it asks us to wait ${after}s: try again then` : 'wait a little; polling will back off',
    });
  }
  return new OncallError('server', `Alertmanager answered ${status} to ${ctx.action}${why ? `: ${why}` : ''}`, {
    source,
    status,
    hint: status >= 500 ? 'Alertmanager or a proxy in front of it is failing; it will be retried' : undefined,
  });
}
