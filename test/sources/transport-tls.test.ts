import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { createHttp } from '../../src/sources/transport.js';
import { freePort } from '../helpers/net.js';

/**
 * TLS and proxies, against real local servers: a private CA (ca_file), a server that wants a client
 * certificate (cert_file/key_file), `insecure` only when asked for, and HTTPS_PROXY/NO_PROXY with a
 * CONNECT proxy. The certificates are made by openssl for this run only.
 */
const dir = mkdtempSync(join(tmpdir(), 'oncall-tls-'));
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

function makeCerts(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=oncall test CA');
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, cn, ext] of [['server', '127.0.0.1', true], ['client', 'oncall-client', false]] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '2', ...(ext ? ['-extfile', file('san.ext')] : []));
  }
}

let httpsServer: HttpsServer;
let mtlsServer: HttpsServer;
let proxy: HttpServer;
let httpsUrl: string;
let mtlsUrl: string;
let proxyUrl: string;
const connects: string[] = [];
const sockets = new Set<Socket>();

async function listen(server: HttpsServer | HttpServer): Promise<number> {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return port;
}

beforeAll(async () => {
  makeCerts();
  const tls = { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) };
  httpsServer = createHttpsServer(tls, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  httpsUrl = `https://127.0.0.1:${await listen(httpsServer)}`;
  mtlsServer = createHttpsServer({ ...tls, ca: readFileSync(file('ca.pem')), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client: peer.subject?.CN }));
  });
  mtlsUrl = `https://127.0.0.1:${await listen(mtlsServer)}`;
  // A forward proxy that only tunnels (CONNECT), as corporate proxies in front of SaaS APIs do.
  proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
    }
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  for (const server of [httpsServer, mtlsServer, proxy]) {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }
  rmSync(dir, { recursive: true, force: true });
});

const noProxyEnv = {};

describe('TLS', () => {
  it('refuses a server signed by an unknown CA, with a hint to set ca_file', async () => {
    const h = createHttp({ name: 'prometheus', baseURL: httpsUrl, env: noProxyEnv });
    const err = (await h.get('/').catch((e: unknown) => e)) as OncallError;
    expect(err).toBeInstanceOf(OncallError);
    expect(err.toLine()).toMatch(/TLS/);
    expect(err.hint).toMatch(/ca_file/);
  });

  it('trusts the private CA given as ca_file, and skips checks only with insecure', async () => {
    const trusted = createHttp({ name: 'prometheus', baseURL: httpsUrl, caFile: file('ca.pem'), env: noProxyEnv });
    expect((await trusted.get('/')).data).toEqual({ ok: true });
    const insecure = createHttp({ name: 'prometheus', baseURL: httpsUrl, insecure: true, env: noProxyEnv });
    expect((await insecure.get('/')).status).toBe(200);
  });

  it('presents the client certificate from cert_file/key_file', async () => {
    const withCert = createHttp({ name: 'alertmanager', baseURL: mtlsUrl, caFile: file('ca.pem'), certFile: file('client.pem'), keyFile: file('client.key'), env: noProxyEnv });
    expect((await withCert.get('/')).data).toEqual({ client: 'oncall-client' });
    const without = createHttp({ name: 'alertmanager', baseURL: mtlsUrl, caFile: file('ca.pem'), env: noProxyEnv });
    expect(await without.get('/').catch((e: unknown) => e)).toBeInstanceOf(OncallError);
  });
});

describe('HTTPS_PROXY and NO_PROXY', () => {
  it('tunnels HTTPS through the proxy named in HTTPS_PROXY', async () => {
    connects.length = 0;
    const h = createHttp({ name: 'pagerduty', baseURL: httpsUrl, caFile: file('ca.pem'), env: { HTTPS_PROXY: proxyUrl } });
    expect((await h.get('/')).data).toEqual({ ok: true });
    expect(connects).toEqual([new URL(httpsUrl).host]);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    connects.length = 0;
    const h = createHttp({ name: 'pagerduty', baseURL: httpsUrl, caFile: file('ca.pem'), env: { HTTPS_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' } });
    expect((await h.get('/')).status).toBe(200);
    expect(connects).toEqual([]);
  });
});
