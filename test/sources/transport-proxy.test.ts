import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OncallError } from '../../src/domain/errors.js';
import { AlertmanagerClient } from '../../src/sources/alertmanager/client.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { createHttp } from '../../src/sources/transport.js';
import { startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { rejection } from '../helpers/errors.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { freePort } from '../helpers/net.js';

/**
 * Sources behind a forward proxy that acts like squid's default config (CONNECT only to SSL ports).
 * Plain-HTTP targets must be forwarded in absolute form, as curl and amtool send them; https://
 * keeps its CONNECT tunnel. Proxy credentials reach the proxy and never an error message.
 */
const USER = 'ops@corp';
const PASSWORD = 'pr0xy:p@ss/w%rd';
const withCredentials = (proxy: ForwardProxy, password = PASSWORD) =>
  proxy.url.replace('//', `//${encodeURIComponent(USER)}:${encodeURIComponent(password)}@`);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Everything of an error that could reach a screen, a log or the audit file. */
function everything(err: OncallError): string {
  return [JSON.stringify(err), err.message, err.hint ?? '', err.toLine(), err.stack ?? ''].join('\n');
}

function expectNoSecrets(err: OncallError): void {
  const text = everything(err);
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), USER, encodeURIComponent(USER), basic(USER, PASSWORD).slice(6)]) {
    expect(text).not.toContain(secret);
  }
}

let prom: Server;
let promUrl: string;
const promSeen: IncomingHttpHeaders[] = [];
let broken: Server;
let brokenUrl: string;
let gateway: Server;
let gatewayUrl: string;
let open: ForwardProxy;
let guarded: ForwardProxy;
const proxies: ForwardProxy[] = [];

async function listen(server: Server | HttpsServer): Promise<number> {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return port;
}

async function close(server: Server | HttpsServer | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

beforeAll(async () => {
  // Enough of Prometheus for a query: POST /api/v1/query answers one sample.
  prom = createServer((req, res) => {
    promSeen.push(req.headers);
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1_700_000_000, '1'] }] } }));
    });
  });
  promUrl = `http://127.0.0.1:${await listen(prom)}`;
  // Closes every connection without a word: squid answers that with 502 ERR_ZERO_SIZE_OBJECT.
  broken = createServer((req) => req.socket.destroy());
  brokenUrl = `http://127.0.0.1:${await listen(broken)}`;
  // A gateway in front of a Prometheus: its own JSON errors, and an HTML 502 page of its own.
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (body.includes('slow')) {
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }));
      }
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1>nginx</body></html>');
    });
  });
  gatewayUrl = `http://127.0.0.1:${await listen(gateway)}`;
  open = await startForwardProxy();
  guarded = await startForwardProxy({ auth: { username: USER, password: PASSWORD } });
  proxies.push(open, guarded);
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await Promise.all([close(prom), close(broken), close(gateway)]);
});

describe('plain-HTTP sources behind HTTP_PROXY', () => {
  it('are forwarded in absolute form, never through CONNECT, over one kept-alive connection', async () => {
    open.seen.length = 0;
    const before = open.connections;
    const client = new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env: { HTTP_PROXY: open.url } });
    for (let i = 0; i < 3; i++) expect((await client.query('up')).samples).toHaveLength(1);
    expect(open.seen.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill(`POST ${promUrl}/api/v1/query`));
    expect(open.seen[0]?.headers.host).toBe(new URL(promUrl).host);
    expect(open.connections - before).toBe(1);
  });

  it('go direct for hosts in NO_PROXY', async () => {
    open.seen.length = 0;
    const client = new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env: { http_proxy: open.url, NO_PROXY: 'localhost,127.0.0.1' } });
    expect((await client.query('up')).samples).toHaveLength(1);
    expect(open.seen).toEqual([]);
  });

  it('send the credentials in the proxy URL, percent-decoded, as Proxy-Authorization; the server gets its own', async () => {
    guarded.seen.length = 0;
    const client = new PrometheusClient({
      name: 'prometheus',
      baseURL: promUrl,
      basicAuth: { username: 'reader', password: 'prom-pw' },
      env: { HTTP_PROXY: withCredentials(guarded) },
    });
    expect((await client.query('up')).samples).toHaveLength(1);
    expect(guarded.seen.map((r) => r.headers['proxy-authorization'])).toEqual([basic(USER, PASSWORD)]);
    expect(promSeen.at(-1)?.authorization).toBe(basic('reader', 'prom-pw'));
    expect(promSeen.at(-1)?.['proxy-authorization']).toBeUndefined();
  });

  it('say the proxy refused authentication on a 407, without the credentials', async () => {
    const client = new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env: { HTTP_PROXY: withCredentials(guarded, `${PASSWORD}-old`) } });
    const err = await rejection(client.query('up'));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(407);
    expect(err.toLine()).toContain(`prometheus: proxy ${guarded.host} refused authentication (407)`);
    expect(err.hint).toMatch(/user and password in HTTP_PROXY/);
    expectNoSecrets(err);
  });

  it("name the proxy when it cannot get an answer from the server (squid's 502 and 503), without the credentials", async () => {
    const env = { HTTP_PROXY: withCredentials(guarded) };
    const bad = await rejection(new PrometheusClient({ name: 'prometheus', baseURL: brokenUrl, env }).query('up'));
    expect(bad.kind).toBe('network');
    expect(bad.status).toBe(502);
    expect(bad.message).toBe(`proxy ${guarded.host} could not get an answer from ${new URL(brokenUrl).host} (502 Bad Gateway, ERR_ZERO_SIZE_OBJECT 104)`);
    expect(bad.hint).toMatch(/can the proxy reach it\?.*NO_PROXY/);
    expectNoSecrets(bad);

    const down = `http://127.0.0.1:${await freePort()}`;
    const refused = await rejection(new AlertmanagerClient({ name: 'alertmanager', baseURL: down, env }).silences());
    expect(refused.toLine()).toContain(`alertmanager: proxy ${guarded.host} could not get an answer from ${new URL(down).host} (503 Service Unavailable, ERR_CONNECT_FAIL 111)`);
    expectNoSecrets(refused);
  });

  it("say the proxy refused to forward when its rules deny the server (squid's 403)", async () => {
    const strict = await startForwardProxy({ denied: [new URL(promUrl).host] });
    proxies.push(strict);
    const err = await rejection(new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env: { HTTP_PROXY: strict.url } }).query('up'));
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`proxy ${strict.host} refused to forward to ${new URL(promUrl).host} (403 Forbidden, ERR_ACCESS_DENIED 0)`);
    expect(err.hint).toMatch(/NO_PROXY/);
  });

  it("leave the server's own errors to the client, and say a gateway's 502 page came through the proxy", async () => {
    const env = { HTTP_PROXY: open.url };
    // Prometheus answers a query timeout with 503 and its JSON envelope: that is the server speaking.
    const slow = await rejection(new PrometheusClient({ name: 'prometheus', baseURL: gatewayUrl, env }).query('slow'));
    expect(slow.kind).toBe('timeout');
    expect(slow.message).toBe('Prometheus failed the query: query timed out in expression evaluation');
    // A 502 page from something behind the proxy (no squid marker) may be the proxy's or a gateway's.
    const page = await rejection(new PrometheusClient({ name: 'prometheus', baseURL: gatewayUrl, env }).query('up'));
    expect(page.kind).toBe('server');
    expect(page.message).toBe(`502 Bad Gateway through proxy ${open.host} for ${new URL(gatewayUrl).host}`);
  });

  it('name the proxy when the proxy itself refuses the connection, without the credentials', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const env = { http_proxy: `http://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@${dead}` };
    const err = await rejection(new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env }).query('up'));
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`connection refused by proxy ${dead} (from http_proxy)`);
    expect(err.hint).toMatch(/is the proxy running/);
    expectNoSecrets(err);
  });

  it('refuse a proxy setting that is not a URL without echoing it, and a SOCKS proxy', () => {
    const attempt = () => createHttp({ name: 'prometheus', baseURL: promUrl, env: { HTTP_PROXY: 'http://ops:s3cret-pw@proxy.corp:31x28' } });
    expect(attempt).toThrow(/^HTTP_PROXY is not a URL$/);
    expect(JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(catching(attempt))))).not.toContain('s3cret-pw');
    // A SOCKS proxy is refused rather than spoken HTTP to.
    expect(() => createHttp({ name: 'prometheus', baseURL: promUrl, env: { ALL_PROXY: 'socks5://ops:s3cret-pw@127.0.0.1:1080' } })).toThrow(/^ALL_PROXY: socks5 proxies are not supported$/);
  });

  it('take a proxy setting without a scheme as http://', async () => {
    open.seen.length = 0;
    const client = new PrometheusClient({ name: 'prometheus', baseURL: promUrl, env: { HTTP_PROXY: open.host } });
    expect((await client.query('up')).samples).toHaveLength(1);
    expect(open.seen.map((r) => r.method)).toEqual(['POST']);
  });
});

describe('a real Alertmanager behind HTTP_PROXY', () => {
  let am: AmServer;
  beforeAll(async () => {
    am = await startAlertmanager();
  });
  afterAll(async () => {
    await am?.stop();
  });

  it('creates and lists silences through the proxy, as amtool would', async () => {
    guarded.seen.length = 0;
    const client = new AlertmanagerClient({ name: 'alertmanager', baseURL: am.url, env: { HTTP_PROXY: withCredentials(guarded) } });
    const now = new Date();
    const id = await client.createSilence({
      matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
      startsAt: now,
      endsAt: new Date(now.getTime() + 3_600_000),
      createdBy: 'tester',
      comment: 'through the bastion proxy',
    });
    expect((await client.silences()).map((s) => s.id)).toContain(id);
    expect(guarded.seen.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`)).toEqual([`POST ${am.url}/api/v2/silences`, `GET ${am.url}/api/v2/silences`]);
    expect(guarded.seen.every((r) => r.headers['proxy-authorization'] === basic(USER, PASSWORD))).toBe(true);
  });
});

describe('https:// sources behind HTTPS_PROXY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-proxy-'));
  const ca = join(dir, 'cert.pem');
  // Inside the repo so that a bundle's bare imports resolve against our node_modules; .tmp is ignored by git.
  const repo = resolve(import.meta.dirname, '../..');
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  const scratch = mkdtempSync(join(repo, '.tmp', 'proxy-'));
  let tlsServer: HttpsServer;
  let httpsUrl: string;
  let tunnels: ForwardProxy;
  let tlsProxy: ForwardProxy;

  beforeAll(async () => {
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', ca, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    const pair = { key: readFileSync(key), cert: readFileSync(ca) };
    tlsServer = createHttpsServer(pair, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    const port = await listen(tlsServer);
    httpsUrl = `https://127.0.0.1:${port}`;
    // squid with this port added to SSL_ports, and requiring credentials
    tunnels = await startForwardProxy({ auth: { username: USER, password: PASSWORD }, sslPorts: [port] });
    // a proxy spoken to over TLS (https:// in the variable): plain HTTP is still forwarded, not tunnelled
    tlsProxy = await startForwardProxy({ tls: pair });
    proxies.push(tunnels, tlsProxy);
  });
  afterAll(async () => {
    await close(tlsServer);
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('tunnel with CONNECT, with the credentials, and our CA checks the server behind the tunnel', async () => {
    tunnels.seen.length = 0;
    const h = createHttp({ name: 'pagerduty', baseURL: httpsUrl, caFile: ca, env: { HTTPS_PROXY: withCredentials(tunnels) } });
    expect((await h.get('/')).data).toEqual({ ok: true });
    expect(tunnels.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`CONNECT ${new URL(httpsUrl).host}`]);
    expect(tunnels.seen[0]?.headers['proxy-authorization']).toBe(basic(USER, PASSWORD));
  });

  it('say the proxy refused authentication when the CONNECT gets a 407', async () => {
    const h = createHttp({ name: 'pagerduty', baseURL: httpsUrl, caFile: ca, env: { HTTPS_PROXY: withCredentials(tunnels, 'wrong') } });
    const err = await rejection(h.get('/'));
    expect(err.toLine()).toContain(`pagerduty: proxy ${tunnels.host} refused authentication (407)`);
    expect(err.hint).toMatch(/HTTPS_PROXY/);
    expectNoSecrets(err);
  });

  it('say the proxy refused the tunnel when CONNECT is allowed only to 443', async () => {
    const h = createHttp({ name: 'pagerduty', baseURL: httpsUrl, caFile: ca, env: { HTTPS_PROXY: open.url } });
    const err = await rejection(h.get('/'));
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`proxy ${open.host} refused to open a tunnel to ${new URL(httpsUrl).host} (403 Forbidden, ERR_ACCESS_DENIED 0)`);
    expect(err.hint).toMatch(/only to port 443/);
  });

  it('forward plain HTTP to an https:// proxy over TLS (trusted through NODE_EXTRA_CA_CERTS)', async () => {
    // The proxy is verified with the system CAs, which a process reads at start: so a child process.
    const script = join(scratch, 'query.mjs');
    await build({
      stdin: {
        contents: `import { PrometheusClient } from './src/sources/prometheus/client.ts';
          const client = new PrometheusClient({ name: 'prometheus', baseURL: process.argv[2], env: { HTTP_PROXY: process.argv[3] } });
          console.log((await client.query('up')).samples.length);`,
        resolveDir: repo,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: script,
      logLevel: 'silent',
    });
    tlsProxy.seen.length = 0;
    const run = (extra: NodeJS.ProcessEnv) =>
      new Promise<{ stdout: string; stderr: string }>((done) =>
        execFile(process.execPath, [script, promUrl, tlsProxy.url], { env: { PATH: process.env.PATH, ...extra } }, (_err, stdout, stderr) => done({ stdout, stderr })),
      );
    expect((await run({ NODE_EXTRA_CA_CERTS: ca })).stdout).toBe('1\n');
    expect(tlsProxy.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${promUrl}/api/v1/query`]);
    // Without that trust the proxy's certificate is refused: the proxy is spoken to over TLS.
    expect((await run({})).stderr).toMatch(/TLS failure .* through proxy/);
  });
});
