import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OncallError } from '../../src/domain/errors.js';
import { fetchRunbook } from '../../src/sources/runbook/fetch.js';
import { createHttp } from '../../src/sources/transport.js';
import { rejection } from '../helpers/errors.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { freePort } from '../helpers/net.js';

/**
 * Every hop of a redirect decides for itself whether it goes through the proxy, from its own URL, as
 * curl and amtool do: runbook links redirect often (GitHub blob -> raw, SSO hosts). All servers listen
 * on 127.0.0.1; a URL naming them "localhost" is another host as far as NO_PROXY is concerned.
 */
const USER = 'ops';
const PASSWORD = 'secret';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const withCredentials = (proxy: ForwardProxy) => proxy.url.replace('//', `//${USER}:${PASSWORD}@`);
const RUNBOOK = '# DiskFull\n\n## What to do\n\n1. Free some space: `du -sh /var/log/*`\n';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

const dir = mkdtempSync(join(tmpdir(), 'oncall-redirect-'));
const file = (name: string) => join(dir, name);
const servers: Array<Server | HttpsServer> = [];
const proxies: ForwardProxy[] = [];
let origin: string; // answers /to?<url> with a 302 to <url>
let tlsOrigin: string; // the same over https
let targetPort: number; // answers the runbook
const targetSeen: Seen[] = [];
let targetConnections = 0;
let mtlsPort: number; // wants our client certificate and says whose it got
let open: ForwardProxy;
let guarded: ForwardProxy;

async function listen(server: Server | HttpsServer): Promise<number> {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  servers.push(server);
  return port;
}

const redirecting: RequestListener = (req, res) => {
  const location = decodeURIComponent((req.url ?? '').replace(/^\/to\?/, ''));
  res.writeHead(302, { location, 'content-length': '0' }).end();
};

/** The path on a redirecting origin that sends the client to `to`. */
const to = (url: string) => `/to?${encodeURIComponent(url)}`;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

beforeAll(async () => {
  // One self-signed server certificate (its own CA) for 127.0.0.1 and localhost, and a client certificate.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('client.key'), '-out', file('client.pem'), '-days', '1', '-subj', '/CN=oncall-client');
  const tls = { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) };

  origin = `http://127.0.0.1:${await listen(createServer(redirecting))}`;
  const tlsOriginPort = await listen(createHttpsServer(tls, redirecting));
  tlsOrigin = `https://127.0.0.1:${tlsOriginPort}`;
  const target = createServer((req, res) => {
    targetSeen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/markdown' }).end(RUNBOOK);
  });
  target.on('connection', () => (targetConnections += 1));
  targetPort = await listen(target);
  const mtls = createHttpsServer({ ...tls, ca: readFileSync(file('client.pem')), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client: peer.subject?.CN }));
  });
  mtlsPort = await listen(mtls);
  // squid with the test's TLS ports added to SSL_ports; one open, one that wants credentials
  const sslPorts = [tlsOriginPort, mtlsPort];
  open = await startForwardProxy({ sslPorts });
  guarded = await startForwardProxy({ auth: { username: USER, password: PASSWORD }, sslPorts });
  proxies.push(open, guarded);
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  rmSync(dir, { recursive: true, force: true });
});

function reset(): void {
  for (const p of proxies) p.seen.length = 0;
  targetSeen.length = 0;
}

/** Everything of an error that could reach a screen, a log or the audit file. */
function everything(err: OncallError): string {
  return [JSON.stringify(err), err.message, err.hint ?? '', err.toLine(), err.stack ?? ''].join('\n');
}


/** A source on `origin` with our CA and client certificate (the mTLS server checks both). */
function withClientCertificate(env: NodeJS.ProcessEnv) {
  return createHttp({ name: 'alertmanager', baseURL: origin, caFile: file('server.pem'), certFile: file('client.pem'), keyFile: file('client.key'), env });
}
describe('a redirect from a source behind the proxy', () => {
  it('goes direct to a host in NO_PROXY, and the runbook is fetched from it', async () => {
    reset();
    const target = `http://localhost:${targetPort}/DiskFull.md`;
    const { attempt, runbook } = await fetchRunbook(`${origin}${to(target)}`, { env: { HTTP_PROXY: open.url, NO_PROXY: 'localhost' } });
    expect(attempt.outcome).toBe('ok');
    expect(runbook?.title).toBe('DiskFull');
    // The proxy forwarded the first request only; the target got the second from us, in origin form.
    expect(open.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${origin}${to(target)}`]);
    expect(targetSeen.map((r) => r.url)).toEqual(['/DiskFull.md']);
    expect(targetSeen[0]?.headers.via).toBeUndefined();
  });

  it('never sends the proxy credentials to the direct hop', async () => {
    reset();
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: withCredentials(guarded), NO_PROXY: 'localhost' } });
    const res = await h.get<string>(to(`http://localhost:${targetPort}/DiskFull.md`), { responseType: 'text' });
    expect(res.data).toBe(RUNBOOK);
    expect(guarded.seen.map((r) => r.headers['proxy-authorization'])).toEqual([basic(USER, PASSWORD)]);
    expect(targetSeen).toHaveLength(1);
    expect(targetSeen[0]?.headers['proxy-authorization']).toBeUndefined();
    expect(JSON.stringify(targetSeen[0]?.headers)).not.toContain(basic(USER, PASSWORD).slice(6));
  });

  it('reuses one kept-alive connection to the direct host across requests', async () => {
    // (follow-redirects closes the connection a 302 came on, so only the last hop's can be kept.)
    reset();
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: open.url, NO_PROXY: 'localhost' } });
    const before = targetConnections;
    for (let i = 0; i < 3; i++) expect((await h.get(to(`http://localhost:${targetPort}/DiskFull.md`))).data).toBe(RUNBOOK);
    expect(targetSeen).toHaveLength(3);
    expect(targetConnections - before).toBe(1);
  });

  it('says the direct hop was refused, not the proxy, and shows no credentials', async () => {
    const dead = `localhost:${await freePort()}`;
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: withCredentials(guarded), NO_PROXY: 'localhost' } });
    const err = await rejection(h.get(to(`http://${dead}/DiskFull.md`)));
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`connection refused at http://${dead}/DiskFull.md`);
    expect(err.toLine()).not.toContain(guarded.host);
    expect(everything(err)).not.toContain(PASSWORD);
  });

  it('reaches an https:// host in NO_PROXY with our CA and client certificate', async () => {
    reset();
    const h = withClientCertificate({ HTTP_PROXY: open.url, HTTPS_PROXY: open.url, NO_PROXY: 'localhost' });
    expect((await h.get(to(`https://localhost:${mtlsPort}/`))).data).toEqual({ client: 'oncall-client' });
    expect(open.seen.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('a redirect from a source in NO_PROXY', () => {
  it('goes through the proxy to a host outside NO_PROXY, with the credentials', async () => {
    reset();
    const target = `http://localhost:${targetPort}/DiskFull.md`;
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: withCredentials(guarded), NO_PROXY: '127.0.0.1' } });
    const res = await h.get<string>(to(target), { responseType: 'text' });
    expect(res.data).toBe(RUNBOOK);
    expect(guarded.seen.map((r) => `${r.method} ${r.url} ${r.headers['proxy-authorization']}`)).toEqual([`GET ${target} ${basic(USER, PASSWORD)}`]);
    expect(targetSeen[0]?.headers.via).toMatch(/test-proxy/);
  });

  it('reuses one kept-alive connection to the proxy across requests', async () => {
    reset();
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: open.url, NO_PROXY: '127.0.0.1' } });
    const before = open.connections;
    for (let i = 0; i < 3; i++) expect((await h.get(to(`http://localhost:${targetPort}/DiskFull.md`))).data).toBe(RUNBOOK);
    expect(open.seen).toHaveLength(3);
    expect(open.connections - before).toBe(1);
  });

  it("names the proxy and the hop's host when the proxy cannot reach it, without the credentials", async () => {
    const dead = `localhost:${await freePort()}`;
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: withCredentials(guarded), NO_PROXY: '127.0.0.1' } });
    const err = await rejection(h.get(to(`http://${dead}/DiskFull.md`)));
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`proxy ${guarded.host} could not get an answer from ${dead} (503 Service Unavailable, ERR_CONNECT_FAIL 111)`);
    expect(err.hint).toMatch(/list localhost in NO_PROXY/);
    expect(everything(err)).not.toContain(PASSWORD);
  });

  it('names the proxy when the proxy itself is down', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTP_PROXY: `http://${USER}:${PASSWORD}@${dead}`, NO_PROXY: '127.0.0.1' } });
    const err = await rejection(h.get(to(`http://localhost:${targetPort}/DiskFull.md`)));
    expect(err.message).toBe(`connection refused by proxy ${dead} (from HTTP_PROXY)`);
    expect(everything(err)).not.toContain(PASSWORD);
  });
});

describe('a redirect that changes scheme', () => {
  it("stops with a config error, without echoing it, when the new scheme's proxy variable is not a URL", async () => {
    const h = createHttp({ name: 'runbook', baseURL: origin, env: { HTTPS_PROXY: `http://${USER}:${PASSWORD}@proxy.corp:31x28` } });
    const err = await rejection(h.get(to(`https://127.0.0.1:${mtlsPort}/`)));
    expect(err.kind).toBe('config');
    expect(err.message).toBe('HTTPS_PROXY is not a URL');
    expect(everything(err)).not.toContain(PASSWORD);
  });

  it('tunnels an https:// hop through HTTPS_PROXY, with our CA and client certificate for the server behind it', async () => {
    reset();
    const h = withClientCertificate({ HTTP_PROXY: open.url, HTTPS_PROXY: withCredentials(guarded) });
    expect((await h.get(to(`https://127.0.0.1:${mtlsPort}/`))).data).toEqual({ client: 'oncall-client' });
    expect(open.seen.map((r) => r.method)).toEqual(['GET']);
    expect(guarded.seen.map((r) => `${r.method} ${r.url} ${r.headers['proxy-authorization']}`)).toEqual([`CONNECT 127.0.0.1:${mtlsPort} ${basic(USER, PASSWORD)}`]);
  });

  it('forwards an http:// hop from a tunnelled https:// source through HTTP_PROXY, not through a tunnel', async () => {
    reset();
    const target = `http://localhost:${targetPort}/DiskFull.md`;
    const h = createHttp({ name: 'runbook', baseURL: tlsOrigin, caFile: file('server.pem'), env: { HTTPS_PROXY: withCredentials(guarded), HTTP_PROXY: open.url } });
    const res = await h.get<string>(to(target), { responseType: 'text' });
    expect(res.data).toBe(RUNBOOK);
    expect(guarded.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`CONNECT ${new URL(tlsOrigin).host}`]);
    expect(open.seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${target}`]);
  });
});
