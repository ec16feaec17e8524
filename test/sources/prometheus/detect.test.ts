/**
 * A Prometheus URL whose kind the config leaves unset: the client finds the engine from buildinfo
 * before its first request. Against a loopback server that answers buildinfo as each engine does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../../src/sources/prometheus/client.js';
import { enginePlan, type FoundSettings } from '../../../src/domain/engine.js';
import { NO_RETRY } from '../../../src/sources/ratelimit.js';
import type { TransportOptions } from '../../../src/sources/transport.js';

const ok = (data: object) => JSON.stringify({ status: 'success', data });
/** An empty answer of the kind each endpoint gives. */
function empty(path: string): string {
  if (path.endsWith('/query_range')) return ok({ resultType: 'matrix', result: [] });
  if (path.endsWith('/rules')) return ok({ groups: [] });
  return ok({ resultType: 'vector', result: [] });
}

/** The answer (status, body, headers) per path, or 'hang' for none; buildinfo is 404 and anything else under /api/v1 answers empty unless set. */
let buildinfo: Record<string, [number, string, Record<string, string>?] | 'hang'>;
let seen: Array<{ path: string; form: URLSearchParams }>;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ path, form: new URLSearchParams(body) });
      const answer = buildinfo[path] ?? (path.endsWith('/status/buildinfo') ? [404, '404 page not found\n'] : [200, empty(path)]);
      if (answer === 'hang') return;
      const [status, text, headers] = answer;
      res.writeHead(status, { 'Content-Type': text.startsWith('{') ? 'application/json' : 'text/plain', ...headers }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);
beforeEach(() => {
  buildinfo = {};
  seen = [];
});

const info = (data: object): [number, string] => [200, JSON.stringify({ status: 'success', data })];
const unset = (transport: Partial<TransportOptions> = {}, settings: FoundSettings = {}) =>
  new PrometheusClient({ baseURL: base, name: 'prometheus', env: {}, ...transport }, enginePlan({ kind: 'prometheus', ...settings }), { detect: settings });
const MIMIR = info({ application: 'Grafana Mimir', version: '2.10.3', features: {} });
const queries = () => seen.filter((r) => r.path.endsWith('/api/v1/query'));

describe('kind unset: the engine is found from buildinfo', () => {
  it('Thanos (a 0.x version) gets dedup and partial_response on every query, found once for concurrent first queries', async () => {
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '0.32.5', revision: 'x', branch: 'HEAD', goVersion: 'go1.21' });
    const client = unset();
    await Promise.all([client.query('vector(1)'), client.query('vector(2)'), client.queryRange('vector(3)', new Date(Date.now() - 60_000), new Date(), 15)]);
    expect(seen.filter((r) => r.path.endsWith('buildinfo'))).toHaveLength(1);
    for (const q of seen.filter((r) => /query(_range)?$/.test(r.path))) {
      expect(q.form.get('dedup')).toBe('true');
      expect(q.form.get('partial_response')).toBe('true');
    }
    await client.query('vector(4)');
    expect(seen.filter((r) => r.path.endsWith('buildinfo'))).toHaveLength(1);
  });

  it('Prometheus itself gets neither parameter and no prefix', async () => {
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '2.42.0', revision: 'x', branch: 'HEAD', goVersion: 'go1.19' });
    await unset().query('vector(1)');
    expect(queries()[0]?.path).toBe('/api/v1/query');
    expect(queries()[0]?.form.has('dedup')).toBe(false);
  });

  it('Mimir, which answers buildinfo at its root too but queries only under /prometheus, is queried there', async () => {
    buildinfo['/api/v1/status/buildinfo'] = MIMIR;
    buildinfo['/prometheus/api/v1/status/buildinfo'] = MIMIR;
    buildinfo['/api/v1/query'] = [404, '404 page not found\n'];
    const client = unset();
    await client.query('vector(1)');
    expect(queries().map((r) => r.path)).toEqual(['/prometheus/api/v1/query']);
    expect(client.engine.kind).toBe('mimir');
  });

  it('a Prometheus served under /prometheus (--web.route-prefix) is queried there, as Prometheus', async () => {
    buildinfo['/prometheus/api/v1/status/buildinfo'] = info({ version: '2.45.0', revision: 'x', branch: 'HEAD', goVersion: 'go1.20' });
    const client = unset();
    await client.query('vector(1)');
    expect(client.engine.kind).toBe('prometheus');
    expect(queries().map((r) => r.path)).toEqual(['/prometheus/api/v1/query']);
  });

  it('partial_response: false in the config is what a found Thanos is sent', async () => {
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '0.32.5' });
    await unset({}, { partialResponse: false }).query('vector(1)');
    expect(queries()[0]?.form.get('partial_response')).toBe('false');
  });

  it('a 429 to buildinfo is not sat out: the query meets it under its own policy (the dashboard gives up at once)', async () => {
    buildinfo['/api/v1/status/buildinfo'] = [429, 'slow down\n', { 'Retry-After': '1' }];
    buildinfo['/api/v1/query'] = [429, 'slow down\n', { 'Retry-After': '1' }];
    await expect(unset({ rateLimit: NO_RETRY }).query('vector(1)')).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/status/buildinfo', '/api/v1/query']);
  });

  it('a server that does not answer is waited for once: the query is not sent after buildinfo timed out', async () => {
    buildinfo['/api/v1/status/buildinfo'] = 'hang';
    await expect(unset({ timeoutMs: 300 }).query('vector(1)')).rejects.toMatchObject({ kind: 'timeout' });
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/status/buildinfo']);
  });

  it('a Mimir without tenants, found under /prometheus only (behind a gateway), is queried there', async () => {
    buildinfo['/prometheus/api/v1/status/buildinfo'] = MIMIR;
    const client = unset();
    await client.query('vector(1)');
    await client.rules();
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/status/buildinfo', '/prometheus/api/v1/status/buildinfo', '/prometheus/api/v1/query', '/prometheus/api/v1/rules']);
    expect(client.engine.kind).toBe('mimir');
  });

  it('a single-node VictoriaMetrics, answering at its root, is queried at its root (no /select prefix)', async () => {
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '2.24.0' });
    const client = unset();
    await client.query('vector(1)');
    expect(client.engine.kind).toBe('victoriametrics');
    expect(queries()[0]?.path).toBe('/api/v1/query');
  });

  it('a Mimir that wants a tenant: every request says to set kind and tenant, and no query is sent', async () => {
    buildinfo['/api/v1/status/buildinfo'] = [401, 'no org id\n'];
    buildinfo['/prometheus/api/v1/status/buildinfo'] = [401, 'no org id\n'];
    await expect(unset().query('vector(1)')).rejects.toThrow(/found Mimir\/Cortex under .*\/prometheus, and it wants a tenant/);
    expect(queries()).toEqual([]);
  });

  it('a server that cannot be asked yet is asked again before the next request, and then found', async () => {
    buildinfo['/api/v1/status/buildinfo'] = [503, 'starting\n'];
    const client = unset();
    await client.query('vector(1)');
    expect(queries()[0]?.form.has('dedup')).toBe(false);
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '0.32.5' });
    await client.query('vector(1)');
    expect(queries()[1]?.form.get('dedup')).toBe('true');
    expect(seen.filter((r) => r.path.endsWith('buildinfo'))).toHaveLength(2);
  });

  it('Cortex (a 1.x version, buildinfo under /prometheus only) is named Mimir/Cortex and queried there', async () => {
    buildinfo['/prometheus/api/v1/status/buildinfo'] = info({ version: '1.16.0', revision: 'x', branch: 'HEAD', buildUser: 'root', buildDate: '20231201', goVersion: 'go1.21' });
    const client = unset();
    await client.query('vector(1)');
    expect(client.engine.kind).toBe('mimir');
    expect(queries().map((r) => r.path)).toEqual(['/prometheus/api/v1/query']);
  });

  it('no buildinfo anywhere, then a 404 to a query: the engine is looked for again before the next request', async () => {
    buildinfo['/api/v1/query'] = [404, '404 page not found\n'];
    const client = unset();
    await expect(client.query('vector(1)')).rejects.toMatchObject({ kind: 'not_found' });
    buildinfo['/prometheus/api/v1/status/buildinfo'] = MIMIR;
    await client.query('vector(1)');
    expect(client.engine.kind).toBe('mimir');
    expect(queries().map((r) => r.path)).toEqual(['/api/v1/query', '/prometheus/api/v1/query']);
    await client.query('vector(1)');
    expect(seen.filter((r) => r.path.endsWith('buildinfo'))).toHaveLength(4);
  });

  it('no buildinfo anywhere and queries answered: buildinfo is asked once', async () => {
    const client = unset();
    await client.query('vector(1)');
    await client.query('vector(1)');
    expect(seen.filter((r) => r.path.endsWith('buildinfo'))).toHaveLength(2);
    expect(queries()).toHaveLength(2);
  });

  it('with the kind set, buildinfo is not asked', async () => {
    buildinfo['/api/v1/status/buildinfo'] = info({ version: '0.32.5' });
    await new PrometheusClient({ baseURL: base, name: 'prometheus', env: {} }).query('vector(1)');
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/query']);
  });
});
