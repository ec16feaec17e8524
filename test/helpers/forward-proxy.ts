import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { freePort } from './net.js';

/** One request as the proxy received it: `url` is the request target (absolute form, or host:port for CONNECT). */
export interface ProxiedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ForwardProxy {
  /** http://127.0.0.1:port (https:// with `tls`), without credentials. */
  url: string;
  /** 127.0.0.1:port */
  host: string;
  seen: ProxiedRequest[];
  /** TCP connections clients opened to the proxy. */
  connections: number;
  stop(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Require `Proxy-Authorization: Basic` with these; 407 otherwise. */
  auth?: { username: string; password: string };
  /** Ports CONNECT may reach, like squid's SSL_ports ACL (default: 443 only). */
  sslPorts?: number[];
  /** host:port the proxy's rules deny (squid's `http_access deny`): 403 ERR_ACCESS_DENIED. */
  denied?: string[];
  /** Listen with TLS: a proxy URL that starts with https://. */
  tls?: { key: Buffer; cert: Buffer };
}

/** Squid marks the pages it makes itself with X-Squid-Error; the rest of the page is like squid's. */
function squidError(res: ServerResponse, status: number, reason: string, code: string, extra: Record<string, string> = {}): void {
  const body = `<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body><h1>${reason}</h1><p>${code}</p></body></html>`;
  res.writeHead(status, reason, { 'content-type': 'text/html;charset=utf-8', 'x-squid-error': code, 'proxy-connection': 'keep-alive', ...extra });
  res.end(body);
}

/** The status and page squid answers when it cannot get a reply from the server. */
function upstreamFailure(res: ServerResponse, err: NodeJS.ErrnoException): void {
  if (err.code === 'ECONNREFUSED') return squidError(res, 503, 'Service Unavailable', 'ERR_CONNECT_FAIL 111');
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return squidError(res, 503, 'Service Unavailable', 'ERR_DNS_FAIL 0');
  squidError(res, 502, 'Bad Gateway', 'ERR_ZERO_SIZE_OBJECT 104');
}

const HOP_BY_HOP = ['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive'];

/**
 * A forward proxy on loopback that behaves like squid's default configuration: absolute-form
 * requests are forwarded to their server, CONNECT is answered only for SSL ports (403 otherwise),
 * and with `auth` every request needs Proxy-Authorization (407 otherwise). It records what it got.
 */
export async function startForwardProxy(opts: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const sslPorts = new Set((opts.sslPorts ?? [443]).map(String));
  const expected = opts.auth ? `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}` : undefined;
  const authorized = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;
  let connections = 0;

  const forward: RequestListener = (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (!authorized(req)) {
      return squidError(res, 407, 'Proxy Authentication Required', 'ERR_CACHE_ACCESS_DENIED 0', { 'proxy-authenticate': 'Basic realm="proxy"' });
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return squidError(res, 400, 'Bad Request', 'ERR_INVALID_URL 0'); // an origin-form request: not meant for a proxy
    }
    if (opts.denied?.includes(target.host)) return squidError(res, 403, 'Forbidden', 'ERR_ACCESS_DENIED 0');
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, via: '1.1 test-proxy (squid)' };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = request(target, { method: req.method, headers, agent: false }, (answer) => {
      const back: Record<string, string | string[] | undefined> = { ...answer.headers, via: '1.1 test-proxy (squid)' };
      for (const name of HOP_BY_HOP) delete back[name];
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, back);
      answer.pipe(res);
    });
    upstream.on('error', (err) => (res.headersSent ? res.destroy() : upstreamFailure(res, err)));
    req.pipe(upstream);
  };
  const server = opts.tls ? createTlsServer(opts.tls, forward) : createServer(forward);

  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', url: req.url ?? '', headers: req.headers });
    const refuse = (status: string, extra = '') => client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\n\r\n`);
    if (!authorized(req)) return refuse('407 Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="proxy"\r\nX-Squid-Error: ERR_CACHE_ACCESS_DENIED 0\r\n');
    const at = (req.url ?? '').lastIndexOf(':');
    const host = (req.url ?? '').slice(0, at).replace(/^\[|\]$/g, '');
    const port = (req.url ?? '').slice(at + 1);
    if (!sslPorts.has(port)) return refuse('403 Forbidden', 'X-Squid-Error: ERR_ACCESS_DENIED 0\r\n');
    let established = false;
    const upstream = connect(Number(port), host, () => {
      established = true;
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => (established ? client.destroy() : refuse('503 Service Unavailable', 'X-Squid-Error: ERR_CONNECT_FAIL 111\r\n')));
    client.on('error', () => upstream.destroy());
  });

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    get connections() {
      return connections;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
