import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OncallError } from '../../../src/domain/errors.js';
import { enginePlan } from '../../../src/domain/engine.js';
import { PrometheusClient, clampStep } from '../../../src/sources/prometheus/client.js';
import { freePort } from '../../helpers/net.js';
import { fixtureText } from './fixtures.js';
import { rejection } from '../../helpers/errors.js';

/** What the fake server answers next, and what it last received. */
interface Reply {
  status: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
}
let reply: Reply;
let last: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string };
let server: Server;
let base: string;

function withFixture(name: string, status = 200): void {
  reply = { status, body: fixtureText(name), type: 'application/json' };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      last = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(reply.status, { 'Content-Type': reply.type ?? 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => withFixture('query-empty'));

const client = (extra = {}) => new PrometheusClient({ baseURL: base, name: 'prom-test', env: {}, ...extra });


describe('requests', () => {
  it('POSTs instant queries as a form with the time in seconds', async () => {
    withFixture('query-vector');
    const out = await client().query('sum by (job) (rate(x{a="b"}[5m]))', new Date(1_700_000_000_500));
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/api/v1/query');
    expect(last.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(last.body);
    expect(form.get('query')).toBe('sum by (job) (rate(x{a="b"}[5m]))');
    expect(form.get('time')).toBe('1700000000.500');
    expect(out.samples.map((s) => s.value)).toEqual([10, 1]);
    expect(out.warnings).toEqual([]);
  });

  it('keeps a path prefix from the configured URL', async () => {
    await new PrometheusClient({ baseURL: `${base}/prometheus/`, name: 'p', env: {} }).query('up');
    expect(last.url).toBe('/prometheus/api/v1/query');
  });

  it('sends a long query in the body, not the URL', async () => {
    const expr = `sum(${Array.from({ length: 800 }, (_, i) => `m${i}`).join(' + ')})`;
    await client().query(expr);
    expect(last.url).toBe('/api/v1/query');
    expect(new URLSearchParams(last.body).get('query')).toBe(expr);
  });

  it('asks the server to time out a little before the client does', async () => {
    await client({ timeoutMs: 5000 }).query('up');
    expect(new URLSearchParams(last.body).get('timeout')).toBe('4500ms');
  });

  it('clamps a 30-day range at 1s steps to at most 11,000 points and reports the step used', async () => {
    withFixture('query-range');
    const end = new Date('2024-03-31T00:00:00Z');
    const start = new Date(end.getTime() - 30 * 86_400_000);
    const out = await client().queryRange('up', start, end, 1);
    const form = new URLSearchParams(last.body);
    expect(last.url).toBe('/api/v1/query_range');
    expect(form.get('step')).toBe('236');
    expect(out.stepSeconds).toBe(236);
    expect((30 * 86_400) / out.stepSeconds).toBeLessThanOrEqual(11_000);
    expect(form.get('start')).toBe(String(start.getTime() / 1000) + '.000');
    expect(out.series).toHaveLength(2);
  });

  it('keeps a step that is already coarse enough, and never goes below 1s', () => {
    const start = new Date(0);
    expect(clampStep(start, new Date(3_600_000), 60)).toBe(60);
    expect(clampStep(start, new Date(60_000), 0.1)).toBe(1);
  });

  it('refuses an empty query, a bad step or a backwards range before sending anything', async () => {
    expect((await rejection(client().query('  '))).kind).toBe('usage');
    expect((await rejection(client().queryRange('up', new Date(0), new Date(1000), 0))).kind).toBe('usage');
    expect((await rejection(client().queryRange('up', new Date(5000), new Date(1000), 1))).kind).toBe('usage');
    expect((await rejection(client().query('up', new Date(NaN)))).kind).toBe('usage');
  });

  it('asks for rules by type and keeps only that type even if the server ignores it', async () => {
    withFixture('rules');
    const rules = await client().rules('record');
    expect(last.method).toBe('GET');
    expect(last.url).toBe('/api/v1/rules?type=record');
    expect(rules.map((r) => r.name)).toEqual(['job:http_requests:rate5m', 'job:broken:sum']);
    expect((await client().rules()).length).toBe(3);
    expect(last.url).toBe('/api/v1/rules');
  });

  it('sends its credentials to a rules_url on its own origin only (vmalert elsewhere gets none)', async () => {
    withFixture('rules');
    const transport = { baseURL: base, name: 'prometheus', basicAuth: { username: 'u', password: 'hunter2' }, headers: { 'X-Api-Key': 'k3y' } };
    const elsewhere = new PrometheusClient(transport, enginePlan({ kind: 'victoriametrics', rulesUrl: base.replace('127.0.0.1', 'localhost') }));
    await elsewhere.rules();
    expect(last.url).toBe('/api/v1/rules');
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers['x-api-key']).toBeUndefined();
    const same = new PrometheusClient(transport, enginePlan({ kind: 'victoriametrics', rulesUrl: `${base}/` }));
    await same.rules();
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from('u:hunter2').toString('base64')}`);
    expect(last.headers['x-api-key']).toBe('k3y');
  });

  it('reads the build info', async () => {
    withFixture('buildinfo');
    expect((await client().buildInfo()).version).toBe('2.42.0+ds');
    expect(last.url).toBe('/api/v1/status/buildinfo');
  });

  it('passes the server warnings on', async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['partial response: store down'] }) };
    expect((await client().query('up')).warnings).toEqual(['partial response: store down']);
  });
});

describe('errors', () => {
  it('bad PromQL (400 bad_data) is a usage error carrying the server message', async () => {
    withFixture('query-error-400', 400);
    const err = await rejection(client().query('sum(rate(http_requests_total[5m])'));
    expect(err.kind).toBe('usage');
    expect(err.exitCode).toBe(2);
    expect(err.status).toBe(400);
    expect(err.source).toBe('prom-test');
    expect(err.message).toContain('unclosed left parenthesis');
  });

  it('an execution failure (422) is a server error with the message', async () => {
    withFixture('query-error-422', 422);
    const err = await rejection(client().query('a + on() b'));
    expect(err.kind).toBe('server');
    expect(err.message).toContain('many-to-one matching must be explicit');
  });

  it('a query timeout (503 envelope) is a timeout', async () => {
    withFixture('query-error-503', 503);
    const err = await rejection(client().queryRange('up', new Date(0), new Date(3_600_000), 1));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('query timed out');
    expect(err.hint).toMatch(/narrow the time range/);
  });

  it('401 asks for basic_auth or bearer_token in the config', async () => {
    reply = { status: 401, body: 'Unauthorized\n', type: 'text/plain' };
    const err = await rejection(client().query('up'));
    expect(err.kind).toBe('auth');
    expect(err.hint).toMatch(/basic_auth/);
    expect(err.hint).toMatch(/bearer_token/);
  });

  it('429 says how long to wait', async () => {
    reply = { status: 429, body: 'slow down', type: 'text/plain', headers: { 'Retry-After': '7' } };
    const err = await rejection(client().query('up'));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(7);
  });

  it('403 is forbidden', async () => {
    reply = { status: 403, body: 'Forbidden', type: 'text/plain' };
    expect((await rejection(client().rules())).kind).toBe('forbidden');
  });

  it('a proxy HTML error page becomes a server error with a short readable snippet', async () => {
    const html = `<html><head><style>body{color:red}</style></head><body><h1>502 Bad Gateway</h1><p>${'x'.repeat(2000)}</p></body></html>`;
    reply = { status: 502, body: html, type: 'text/html' };
    const err = await rejection(client().query('up'));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(502);
    expect(err.message).toContain('502 Bad Gateway');
    expect(err.message).not.toMatch(/<h1>|color:red/);
    expect(err.message.length).toBeLessThan(260);
  });

  it('a 200 login page is a bad response, not an empty result', async () => {
    reply = { status: 200, body: '<html><body>Please sign in</body></html>', type: 'text/html' };
    const err = await rejection(client().query('up'));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('Please sign in');
  });

  it('404 says to point the URL at Prometheus itself', async () => {
    reply = { status: 404, body: '404 page not found', type: 'text/plain' };
    const err = await rejection(client().buildInfo());
    expect(err.kind).toBe('not_found');
    expect(err.hint).toMatch(/path prefix/);
  });
});

describe('secrets never leak', () => {
  const password = 'pa55-w0rd-SECRET';
  const token = 'tok-abcdef-SECRET';
  const leaks = (err: OncallError) => [err.message, err.hint ?? '', err.toLine(), JSON.stringify(err), String(err.stack)].join('\n');

  it('a 401 with basic auth or a bearer token does not show them', async () => {
    reply = { status: 401, body: 'Unauthorized', type: 'text/plain' };
    for (const extra of [{ basicAuth: { username: 'ops', password } }, { bearerToken: token }]) {
      const err = await rejection(client(extra).query('up'));
      expect(err.kind).toBe('auth');
      expect(leaks(err)).not.toContain(password);
      expect(leaks(err)).not.toContain(token);
    }
    expect(last.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('a refused connection with credentials in the config and URL does not show them', async () => {
    const port = await freePort();
    for (const extra of [{ basicAuth: { username: 'ops', password } }, { bearerToken: token }]) {
      const c = new PrometheusClient({ baseURL: `http://ops:${password}@127.0.0.1:${port}`, name: 'prom', env: {}, ...extra });
      const err = await rejection(c.query('up'));
      expect(err.kind).toBe('network');
      expect(leaks(err)).not.toContain(password);
      expect(leaks(err)).not.toContain(token);
    }
  });

  it('a server error echoing the Authorization header is redacted', async () => {
    reply = { status: 500, body: `upstream said: Authorization: Bearer ${token}`, type: 'text/plain' };
    const err = await rejection(client({ bearerToken: token }).query('up'));
    expect(leaks(err)).not.toContain(token);
  });
});
