import type { AxiosResponse } from 'axios';
import { describe, expect, it } from 'vitest';
import { responseError } from '../../../src/sources/alertmanager/errors.js';
import { recorded } from './fixtures.js';

function res(name: string): AxiosResponse {
  const r = recorded(name);
  return { status: r.status, data: r.body, headers: {}, statusText: '', config: {} as never };
}

const create = { source: 'alertmanager', action: 'create the silence' };

describe('responseError on recorded 0.25 answers', () => {
  it('422 {code,message} is a usage error carrying the message', () => {
    const err = responseError(res('error-422-missing-isregex'), create);
    expect(err.kind).toBe('usage');
    expect(err.status).toBe(422);
    expect(err.message).toBe('Alertmanager refused to create the silence: matchers.0.isRegex in body is required');
  });

  it('a bare JSON string body becomes a clear usage error without the server prefix', () => {
    const err = responseError(res('error-400-end-in-past'), create);
    expect(err.kind).toBe('usage');
    expect(err.message).toBe("Alertmanager refused to create the silence: end time can't be in the past");
    expect(err.hint).toMatch(/start\/end/);
    expect(responseError(res('error-400-matches-empty'), create).message).toContain('must not match the empty string');
  });

  it('an unknown id is not_found: 500 on 0.25, 404 on later versions', () => {
    const ctx = { source: 'alertmanager', action: 'expire the silence', silenceId: 'abc-123' };
    for (const e of [responseError(res('error-delete-unknown'), ctx), responseError(res('error-get-unknown'), ctx), responseError(res('error-update-unknown-id'), ctx)]) {
      expect(e.kind).toBe('not_found');
      expect(e.message).toBe('no silence with id abc-123');
      expect(e.hint).toContain('oncall silences');
    }
  });

  it('a 500 that is not about a missing silence stays a server error', () => {
    const err = responseError({ ...res('error-delete-unknown'), data: 'boom' }, { source: 'am', action: 'expire the silence', silenceId: 'x' });
    expect(err.kind).toBe('server');
    expect(err.message).toContain('boom');
  });

  it('a rejected filter is a usage error', () => {
    const err = responseError(res('error-filter-bad'), { source: 'am', action: 'list alerts' });
    expect(err.kind).toBe('usage');
    expect(err.message).toBe('Alertmanager refused to list alerts: bad matcher format: {a="b"}');
  });

  it('maps auth, forbidden and rate limiting with the wait', () => {
    const base = { headers: {}, statusText: '', config: {} as never, data: '' };
    expect(responseError({ ...base, status: 401 }, create).kind).toBe('auth');
    expect(responseError({ ...base, status: 403 }, create).kind).toBe('forbidden');
    const limited = responseError({ ...base, status: 429, headers: { 'retry-after': '7' } }, create);
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBe(7);
    expect(responseError({ ...base, status: 404 }, { source: 'am', action: 'list alerts' }).hint).toContain('path prefix');
  });

  it('never repeats a credential the server echoed back', () => {
    const err = responseError({ headers: {}, statusText: '', config: {} as never, status: 502, data: 'upstream http://u:hunter2@am/ said Bearer abc.def' }, create);
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('abc.def');
  });
});
