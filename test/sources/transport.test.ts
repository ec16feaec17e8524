import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { redactText, redactUrl } from '../../src/sources/errors.js';
import { proxyFor } from '../../src/sources/proxy.js';
import { createHttp } from '../../src/sources/transport.js';
import { freePort } from '../helpers/net.js';

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://plain:3128', NO_PROXY: 'localhost,.internal,10.0.0.5:9093' };
  it('uses HTTPS_PROXY for https and http_proxy for http', () => {
    expect(proxyFor('https://api.pagerduty.com', env)).toBe('http://proxy:3128');
    expect(proxyFor('http://prom.example.com:9090', env)).toBe('http://plain:3128');
  });
  it('skips hosts, domain suffixes and host:port listed in NO_PROXY', () => {
    expect(proxyFor('http://localhost:9090', env)).toBeUndefined();
    expect(proxyFor('https://am.internal', env)).toBeUndefined();
    expect(proxyFor('https://a.b.internal:9093', env)).toBeUndefined();
    expect(proxyFor('http://10.0.0.5:9093', env)).toBeUndefined();
    expect(proxyFor('http://10.0.0.5:9090', env)).toBe('http://plain:3128');
  });
  it('goes direct with no proxy set, and NO_PROXY=* disables it', () => {
    expect(proxyFor('https://x.example.com', {})).toBeUndefined();
    expect(proxyFor('https://x.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' })).toBeUndefined();
  });
});

describe('redaction', () => {
  it('removes credentials from URLs and free text', () => {
    expect(redactUrl('https://bob:hunter2@prom.example.com/api?token=abc&q=up')).not.toMatch(/hunter2|abc/);
    expect(redactText('Authorization: Token token=y_NbAkKc66ryYTWUXYEu')).not.toContain('y_NbAkKc66ryYTWUXYEu');
    expect(redactText('Bearer eyJhbGciOi.x.y failed')).not.toContain('eyJhbGciOi');
    // Forms a URL parser refuses or reads otherwise, as they reach an error message whole.
    expect(redactText('"http://admin:s3cr/et+X@am.example:9093" is not a URL')).toBe('"http://REDACTED@am.example:9093" is not a URL');
    expect(redactText('http://admin:p@ss@am:9093/api')).toBe('http://REDACTED@am:9093/api');
    expect(redactText('GET https://ghp_T0KEN@prom.example.com/api/v1/query')).toBe('GET https://REDACTED@prom.example.com/api/v1/query');
    expect(redactText('from http://am:9093/api/v2/alerts, see https://runbooks.example.com/x')).toBe('from http://am:9093/api/v2/alerts, see https://runbooks.example.com/x');
  });
});

describe('createHttp', () => {
  let server: Server;
  let port: number;
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  beforeAll(async () => {
    port = await freePort();
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends basic auth, bearer token and extra headers', async () => {
    const h = createHttp({ name: 'prometheus', baseURL: `http://127.0.0.1:${port}`, basicAuth: { username: 'u', password: 'p' }, headers: { 'X-Scope-OrgID': 't1' } });
    await h.get('/x');
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(seen.at(-1)?.['x-scope-orgid']).toBe('t1');
    const b = createHttp({ name: 'prometheus', baseURL: `http://127.0.0.1:${port}`, bearerToken: 'tok' });
    await b.get('/x');
    expect(seen.at(-1)?.authorization).toBe('Bearer tok');
  });

  it('turns a refused connection into a network error without the password', async () => {
    const dead = await freePort();
    const h = createHttp({ name: 'alertmanager', baseURL: `http://admin:s3cret-pw@127.0.0.1:${dead}`, bearerToken: 'tok-123456' });
    const err = await h.get('/api/v2/status').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OncallError);
    expect((err as OncallError).kind).toBe('network');
    expect((err as OncallError).toLine()).toMatch(/connection refused/);
    const all = JSON.stringify(err) + (err as Error).message + ((err as OncallError).hint ?? '');
    expect(all).not.toContain('s3cret-pw');
    expect(all).not.toContain('tok-123456');
  });

  it('https:// to a plain-HTTP port says so instead of a bare EPROTO', async () => {
    const h = createHttp({ name: 'prometheus', baseURL: `https://127.0.0.1:${port}` });
    const err = (await h.get('/api/v1/query').catch((e: unknown) => e)) as OncallError;
    expect(err).toBeInstanceOf(OncallError);
    expect(err.toLine()).toBe(`prometheus: TLS handshake with https://127.0.0.1:${port}/api/v1/query failed (EPROTO) — this looks like an http:// port; use http:// or check the port`);
  });

  it('rejects a URL that is not http(s) and a missing CA file, before any request', () => {
    expect(() => createHttp({ name: 'prometheus', baseURL: 'prom:9090' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => createHttp({ name: 'prometheus', baseURL: 'not a url' })).toThrow(/is not a URL/);
    expect(() => createHttp({ name: 'prometheus', baseURL: 'https://x', caFile: '/nonexistent/ca.pem' })).toThrow(/cannot read CA file/);
  });

  it('times out a server that never answers', async () => {
    const slowPort = await freePort();
    const slow = createServer(() => { /* never answers */ });
    await new Promise<void>((r) => slow.listen(slowPort, '127.0.0.1', r));
    try {
      const h = createHttp({ name: 'pagerduty', baseURL: `http://127.0.0.1:${slowPort}`, timeoutMs: 200 });
      const err = await h.get('/').catch((e: unknown) => e);
      expect((err as OncallError).kind).toBe('timeout');
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
