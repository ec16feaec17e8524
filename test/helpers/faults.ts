import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { freePort } from './net.js';

/**
 * Fault injection for tests and `npm run bench -- faults`: a loopback reverse proxy in front of a real
 * server that, request by request, passes, drops the answer to a write after forwarding it, refuses
 * with 429, answers slowly, or answers garbage. Plus the addresses that fail on their own (nothing
 * listening, TLS to a plain port) and a grep for known secrets.
 */
export type Fault =
  | { kind: 'pass' }
  /**
   * Forward, let the server act on it, then cut the connection: the write happened, its answer is lost.
   * With `thenReset`, the next that many requests are cut too (the source went down right after).
   */
  | { kind: 'dropAnswer'; thenReset?: number }
  /** Do not forward; answer 429 with these headers (e.g. `ratelimit-reset: 2`, `retry-after: <date>`). */
  | { kind: 'rateLimit'; headers: Record<string, string> }
  /** Forward, and hold the answer back this long. */
  | { kind: 'slow'; ms: number }
  /** Do not forward; answer 200 with a body no client can read. */
  | { kind: 'garbage'; body?: string; contentType?: string }
  /** Do not forward; cut the connection: nothing reached the server, and the client cannot know that. */
  | { kind: 'reset' };

export interface ProxiedRequest {
  method: string;
  path: string;
  at: number;
  fault: Fault['kind'];
}

export interface FaultProxy {
  url: string;
  /** Every request seen, in order, with the fault applied to it. */
  requests: ProxiedRequest[];
  /** The next `count` requests that `match` (default: all) get `fault`; later ones pass. */
  inject(fault: Fault, opts?: { count?: number; match?: (method: string, path: string) => boolean }): void;
  /** Forget pending faults: everything passes. */
  clear(): void;
  close(): Promise<void>;
}

/** Matches requests that change something. */
export const writes = (method: string): boolean => method !== 'GET' && method !== 'HEAD';

interface Pending {
  fault: Fault;
  left: number;
  match: (method: string, path: string) => boolean;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let pending: Pending[] = [];
  const sockets = new Set<Socket>();

  const pick = (method: string, path: string): Fault => {
    const p = pending.find((x) => x.left > 0 && x.match(method, path));
    if (!p) return { kind: 'pass' };
    p.left--;
    return p.fault;
  };

  const forward = (req: IncomingMessage, body: Buffer, onAnswer: (res: IncomingMessage, answer: Buffer) => void, onError: () => void) => {
    const up = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onAnswer(res, Buffer.concat(chunks)));
      },
    );
    up.on('error', onError);
    up.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = pick(method, path);
    requests.push({ method, path, at: Date.now(), fault: fault.kind });
    const relay = (up: IncomingMessage, answer: Buffer) => {
      const headers = { ...up.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(answer.length);
      res.writeHead(up.statusCode ?? 502, headers);
      res.end(answer);
    };
    const failed = () => res.destroy();
    switch (fault.kind) {
      case 'pass':
        return forward(req, body, relay, failed);
      case 'dropAnswer':
        // The server has acted on the request by the time it answers; the client never hears it.
        return forward(req, body, () => {
          if (fault.thenReset) pending.unshift({ fault: { kind: 'reset' }, left: fault.thenReset, match: () => true });
          req.socket.destroy();
        }, failed);
      case 'rateLimit':
        res.writeHead(429, { 'content-type': 'application/json', ...fault.headers });
        return res.end(JSON.stringify({ error: { code: 2020, message: 'Rate Limit Exceeded' } }));
      case 'slow':
        return forward(req, body, (up, answer) => setTimeout(() => (res.destroyed ? undefined : relay(up, answer)), fault.ms), failed);
      case 'reset':
        return req.socket.destroy();
      case 'garbage':
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
        return res.end(fault.body ?? '<html><body>502 Bad Gateway</body></html>\u0000\u00ff{"data":');
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    requests,
    inject: (fault, opts = {}) => {
      pending.push({ fault, left: opts.count ?? Number.POSITIVE_INFINITY, match: opts.match ?? (() => true) });
    },
    clear: () => {
      pending = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens: every request is refused. */
export async function refusedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** The same server asked for TLS: what a user gets after typing https:// for a plain-HTTP port. */
export function tlsToPlain(url: string): string {
  return url.replace(/^http:/, 'https:');
}

/**
 * Which known secrets appear in `text`, as written or in the forms a leak takes on the way out:
 * base64 (a Basic Authorization header) and URL-encoded.
 */
export function leakedSecrets(text: string, secrets: string[], basicAuth: Array<{ username: string; password: string }> = []): string[] {
  const forms = (s: string) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')];
  const found = secrets.filter((s) => forms(s).some((f) => text.includes(f)));
  for (const { username, password } of basicAuth) {
    if (text.includes(Buffer.from(`${username}:${password}`).toString('base64'))) found.push(`basic auth of ${username}`);
  }
  return [...new Set(found)];
}
