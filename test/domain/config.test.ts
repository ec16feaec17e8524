import { describe, expect, it } from 'vitest';
import { didYouMean, validateConfig, validateContext } from '../../src/domain/config.js';

function errorOf(fn: () => unknown): { kind: string; message: string; hint?: string } {
  try {
    fn();
  } catch (err) {
    return err as { kind: string; message: string; hint?: string };
  }
  throw new Error('expected an error');
}

describe('validateConfig', () => {
  it('takes max_silence as a duration and refuses garbage there', () => {
    expect(() => validateContext('prod', { max_silence: '60d' })).not.toThrow();
    expect(errorOf(() => validateContext('prod', { max_silence: 'forever' })).message).toMatch(/max_silence/);
  });

  it('accepts the documented shape and returns a copy', () => {
    const raw = {
      current_context: 'prod',
      contexts: {
        prod: {
          read_only: false,
          author: 'alice',
          prometheus: {
            url: 'https://prom.example.com',
            timeout: '10s',
            basic_auth: { username: 'u', password_file: '/path' },
            headers: { 'X-Scope-OrgID': 't1' },
            insecure: false,
          },
          alertmanager: { urls: ['https://am-1:9093', 'https://am-2:9093'], bearer_token_env: 'AM_TOKEN' },
          pagerduty: { token_command: 'pass show pagerduty', token_type: 'token', from: 'alice@example.com', user_id: 'PXXXX' },
          poll: { alertmanager: '15s', pagerduty: '30s', prometheus: '30s' },
          slos: [{ name: 'api' }],
          runbooks: ['~/runbooks'],
        },
      },
    };
    const { config, warnings } = validateConfig(raw);
    expect(config).toEqual(raw);
    expect(config).not.toBe(raw);
    expect(warnings).toEqual([]);
  });

  it('names an unknown key with its context and a suggestion', () => {
    const err = errorOf(() => validateConfig({ contexts: { prod: { alertmanger: {} } } }));
    expect(err.kind).toBe('config');
    expect(err.message).toBe('unknown key `alertmanger` in context prod (did you mean alertmanager?)');
    expect(err.hint).toContain('oncall config');
  });

  it('catches typos in nested sections and at the top level', () => {
    expect(errorOf(() => validateConfig({ contexts: { p: { prometheus: { url: 'http://x:1', timout: '1s' } } } })).message).toContain(
      'unknown key `timout` in context p.prometheus (did you mean timeout?)',
    );
    expect(errorOf(() => validateConfig({ current_contxt: 'x' })).message).toContain('did you mean current_context?');
    expect(errorOf(() => validateConfig({ contexts: { p: { zzzzzz: 1 } } })).message).not.toContain('did you mean');
  });

  it('rejects bad URLs, durations and values with the key that holds them', () => {
    expect(errorOf(() => validateContext('p', { prometheus: { url: 'prom:9090x' } })).message).toMatch(/prometheus\.url.*(not a URL|http)/);
    expect(errorOf(() => validateContext('p', { prometheus: { url: 'ftp://x' } })).message).toContain('http:// or https://');
    expect(errorOf(() => validateContext('p', { alertmanager: { urls: [] } })).message).toContain('at least one URL');
    expect(errorOf(() => validateContext('p', { alertmanager: { urls: ['http://ok:1', 'nope'] } })).message).toContain('alertmanager.urls[1]');
    expect(errorOf(() => validateContext('p', { poll: { pagerduty: '30x' } })).message).toContain('poll.pagerduty');
    expect(errorOf(() => validateContext('p', { poll: { pagerduty: '10ms' } })).message).toContain('too short');
    expect(errorOf(() => validateContext('p', { prometheus: { url: 'http://x:1', timeout: 'soon' } })).message).toContain('prometheus.timeout');
    expect(errorOf(() => validateContext('p', { read_only: 'yes' })).message).toContain('read_only must be true or false');
    expect(errorOf(() => validateContext('p', { pagerduty: { token_type: 'oauth' } })).message).toContain('token or bearer');
    expect(errorOf(() => validateContext('p', { pagerduty: { from: 'alice' } })).message).toContain('email');
    expect(errorOf(() => validateContext('p', { prometheus: { url: 'http://x:1', basic_auth: { password_env: 'P' } } })).message).toContain(
      'username is missing',
    );
  });

  it('allows one form per secret and warns about inline ones', () => {
    expect(errorOf(() => validateContext('p', { pagerduty: { token_env: 'A', token_file: '/b' } })).message).toContain(
      'give only one of token_env, token_file',
    );
    const { warnings } = validateContext('p', { pagerduty: { token: 'abc' }, prometheus: { url: 'http://x:1', bearer_token: 'xyz' } });
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain('pagerduty.token is written inline');
    expect(warnings.join('\n')).not.toContain('abc');
  });

  it('accepts a single alertmanager url as urls', () => {
    expect(validateContext('p', { alertmanager: { url: 'http://am:9093' } }).context.alertmanager).toEqual({ urls: ['http://am:9093'] });
  });
});

describe('didYouMean', () => {
  it('suggests close words only', () => {
    expect(didYouMean('pagerdty', ['prometheus', 'pagerduty'])).toBe('pagerduty');
    expect(didYouMean('xyz', ['prometheus', 'pagerduty'])).toBeUndefined();
  });
});
