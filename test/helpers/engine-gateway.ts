import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback gateway in front of a real Prometheus (and Alertmanager) that behaves like a distributed
 * engine, so the client's engine settings are checked against the answers those engines give:
 * - mimir: 401 "no org id" without X-Scope-OrgID, queries under /prometheus, Alertmanager under
 *   /alertmanager, and the ruler refusing several org ids ("multiple org IDs present");
 * - thanos: every query answer carries a `warnings` entry, as when a store is down.
 * Each answers `/api/v1/status/buildinfo` as that engine does (Mimir names itself in `application`, at
 * its root as under /prometheus and without a tenant; Thanos has its own 0.x version). `anonymous` is Mimir with multi-tenancy off: no tenant needed.
 * Every request is recorded (path, tenant header, form and query parameters).
 */
export interface SeenRequest {
  method: string;
  path: string;
  tenant?: string;
  params: Record<string, string>;
}

export interface Gateway {
  url: string;
  seen: SeenRequest[];
  /** Mimir: tenants whose ruler answers 500 (a broken ruler shard), while their queries still work. */
  failingRulers: Set<string>;
  stop(): Promise<void>;
}

export const THANOS_WARNING = 'partial response: store eu-2 unavailable';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function forward(target: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${target}${path}`, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      readBody(res).then((text) => resolve({ status: res.statusCode ?? 502, type: String(res.headers['content-type'] ?? 'application/json'), text }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Mimir's tenant federation: the query goes to every tenant and the series come back together, each
 * with the `__tenant_id__` label it came from.
 */
async function federate(targets: Array<[string, string]>, method: string, path: string, headers: Record<string, string>, body: string) {
  const answers = await Promise.all(targets.map(async ([tenant, url]) => ({ tenant, answer: await forward(url, method, path, headers, body) })));
  const failed = answers.find((a) => a.answer.status !== 200);
  if (failed) return failed.answer;
  const result = answers.flatMap(({ tenant, answer }) => {
    const data = (JSON.parse(answer.text) as { data: { result: Array<{ metric: Record<string, string> }> } }).data;
    return data.result.map((r) => ({ ...r, metric: { ...r.metric, __tenant_id__: tenant } }));
  });
  const first = JSON.parse(answers[0]!.answer.text) as { data: { resultType: string } };
  return { status: 200, type: 'application/json', text: JSON.stringify({ status: 'success', data: { resultType: first.data.resultType, result } }) };
}

/**
 * `tenants` (Mimir only) gives each tenant its own Prometheus; without it every tenant reads
 * `prometheusUrl`.
 */
const BUILD_INFO = {
  mimir: { application: 'Grafana Mimir', version: '2.10.3', revision: 'a0cc4dd', branch: 'release-2.10', goVersion: 'go1.21.3', features: { ruler_config_api: 'true', alertmanager_config_api: 'true' } },
  thanos: { version: '0.32.5', revision: '750e8a94', branch: 'HEAD', buildUser: 'root@a', buildDate: '20231019-06:50:33', goVersion: 'go1.21.3' },
};

export async function startGateway(kind: 'mimir' | 'thanos', prometheusUrl: string, alertmanagerUrl?: string, tenants?: Record<string, string>, opts: { anonymous?: boolean } = {}): Promise<Gateway> {
  const seen: SeenRequest[] = [];
  const failingRulers = new Set<string>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://gateway');
      const sentTenant = req.headers['x-scope-orgid'] as string | undefined;
      const tenant = sentTenant ?? (opts.anonymous ? 'anonymous' : undefined);
      const params = Object.fromEntries([...url.searchParams, ...new URLSearchParams(req.method === 'POST' ? body : '')]);
      seen.push({ method: req.method ?? 'GET', path: url.pathname, ...(sentTenant ? { tenant: sentTenant } : {}), params });
      const reply = (status: number, text: string, type = 'text/plain') => res.writeHead(status, { 'content-type': type }).end(text);
      const headers: Record<string, string> = { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded') };
      let target = prometheusUrl;
      let path = url.pathname + url.search;
      if (kind === 'thanos' && url.pathname === '/api/v1/status/buildinfo') return reply(200, JSON.stringify({ status: 'success', data: BUILD_INFO.thanos }), 'application/json');
      if (kind === 'mimir') {
        // As Mimir registers it: at the root and under /prometheus, no tenant needed.
        if (url.pathname === '/api/v1/status/buildinfo' || url.pathname === '/prometheus/api/v1/status/buildinfo') return reply(200, JSON.stringify({ status: 'success', data: BUILD_INFO.mimir }), 'application/json');
        if (!tenant) return reply(401, 'no org id\n');
        if (url.pathname.startsWith('/alertmanager/') && alertmanagerUrl) {
          target = alertmanagerUrl;
          path = path.slice('/alertmanager'.length);
        } else if (url.pathname.startsWith('/prometheus/')) {
          path = path.slice('/prometheus'.length);
          if (path.startsWith('/api/v1/rules') && tenant.includes('|')) return reply(400, 'multiple org IDs present\n');
          if (path.startsWith('/api/v1/rules') && failingRulers.has(tenant)) return reply(500, 'rpc error: ruler unavailable\n');
        } else return reply(404, '404 page not found\n');
      }
      if (kind === 'mimir' && tenants && target === prometheusUrl) {
        const ids = tenant!.split('|');
        const unknown = ids.find((t) => !tenants[t]);
        if (unknown) return reply(404, `no such tenant: ${unknown}\n`);
        if (ids.length === 1) target = tenants[ids[0]!]!;
        else {
          const merged = await federate(ids.map((t) => [t, tenants[t]!]), req.method ?? 'GET', path, headers, body);
          return reply(merged.status, merged.text, merged.type);
        }
      }
      const answer = await forward(target, req.method ?? 'GET', path, headers, body);
      let text = answer.text;
      if (kind === 'thanos' && /\/api\/v1\/query(_range)?$/.test(url.pathname) && answer.status === 200) {
        text = JSON.stringify({ ...JSON.parse(text), warnings: [THANOS_WARNING] });
      }
      reply(answer.status, text, answer.type);
    })().catch((err: Error) => res.writeHead(502).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    failingRulers,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
