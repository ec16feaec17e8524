import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { OncallError } from '../domain/errors.js';
import { toSourceError } from './errors.js';
import { proxyAnswerError, proxySetting, proxyTransportError } from './proxy.js';

/** How to reach one HTTP endpoint. Every source client is built from one of these. */
export interface TransportOptions {
  baseURL: string;
  /** Shown in errors and the header, e.g. "prometheus" or "alertmanager[1]". */
  name: string;
  timeoutMs?: number;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  headers?: Record<string, string>;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Skip TLS verification. Only when the user asked for it. */
  insecure?: boolean;
  /** Tests inject the environment; default process.env. */
  env?: NodeJS.ProcessEnv;
}

// amtool waits 30 s by default; a large Alertmanager (10,000 alerts) takes several seconds on a small box.
export const DEFAULT_TIMEOUT_MS = 30_000;

function readPem(path: string | undefined, what: string): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new OncallError('config', `cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: `check the path in your config (\`oncall config path\`) and that the file is readable`,
    });
  }
}

function validateBaseURL(opts: TransportOptions): URL {
  let url: URL;
  try {
    url = new URL(opts.baseURL);
  } catch {
    throw new OncallError('config', `${opts.name}: "${opts.baseURL}" is not a URL`, {
      hint: 'use a full URL such as http://localhost:9090',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OncallError('config', `${opts.name}: URL must start with http:// or https:// (got ${url.protocol})`, {
      hint: 'use a full URL such as https://prometheus.example.com',
    });
  }
  return url;
}

/**
 * Builds an axios instance that honours TLS settings, HTTPS_PROXY/HTTP_PROXY/NO_PROXY and auth, and
 * whose errors are OncallErrors without secrets. Proxying is done by the agents (so it follows our
 * NO_PROXY rules and our TLS options reach the server behind a tunnel) and axios' own is turned off:
 * https:// goes through a CONNECT tunnel, http:// is forwarded, as curl and Go do it.
 */
export function createHttp(opts: TransportOptions): AxiosInstance {
  const url = validateBaseURL(opts);
  const env = opts.env ?? process.env;
  const tls = {
    ca: readPem(opts.caFile, 'CA'),
    cert: readPem(opts.certFile, 'client certificate'),
    key: readPem(opts.keyFile, 'client key'),
    rejectUnauthorized: !opts.insecure,
  };
  const proxy = proxySetting(url.href, env);
  const httpsAgent = proxy ? new TunnelAgent(proxy.url, tls) : new https.Agent({ keepAlive: true, ...tls });
  const httpAgent = proxy ? new ForwardAgent(proxy.url) : new http.Agent({ keepAlive: true });

  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.bearerToken) headers.Authorization = `Bearer ${opts.bearerToken}`;

  const instance = axios.create({
    baseURL: url.href.replace(/\/$/, ''),
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers,
    auth: opts.basicAuth,
    proxy: false,
    httpAgent,
    httpsAgent,
    // We map every status ourselves so that error bodies are read the same way everywhere.
    validateStatus: () => true,
    maxRedirects: 5,
    // Prometheus and Alertmanager bodies are JSON; a proxy error page must not throw while parsing.
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
  });
  instance.interceptors.response.use(
    (res) => {
      const fromProxy = proxy && proxyAnswerError({ ...res, tunnelRefused: refusedTunnels.has(res.request as object) }, proxy, url, opts.name);
      if (fromProxy) throw fromProxy;
      return res;
    },
    (err: unknown) => {
      const mapped = toSourceError(err, opts.name);
      return Promise.reject(proxy ? proxyTransportError(err, mapped, proxy, url) : mapped);
    },
  );
  return instance;
}

type TlsOptions = { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };

/** Requests whose CONNECT the proxy refused: the answer they get is the proxy's, not the server's. */
const refusedTunnels = new WeakSet<object>();

/**
 * HttpsProxyAgent applies the TLS options it is given to the connection to the PROXY, not to the
 * server behind the tunnel; ours (a private CA, a client certificate, insecure) are for the server.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: URL,
    private readonly tls: TlsOptions,
  ) {
    super(proxy, { keepAlive: true });
  }

  override connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    req.once('proxyConnect', (answer: { statusCode: number }) => {
      if (answer.statusCode !== 200) refusedTunnels.add(req);
    });
    if (!opts.secureEndpoint) return super.connect(req, { ...opts, ...this.tls });
    // https-proxy-agent leaves out `host` when it starts TLS in the tunnel, so Node would check the
    // certificate against "localhost": check it against the server we asked for (an IP included).
    const host = opts.host ?? '';
    return super.connect(req, { ...opts, ...this.tls, checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert) });
  }
}

type AddRequest = (this: http.Agent, req: http.ClientRequest, options: http.RequestOptions) => void;
// The per-request hook of Node's Agent (what proxy agents such as http-proxy-agent override); @types/node omits it.
const addRequest = (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest;

/**
 * Sends plain-HTTP requests to a forward proxy the way curl, amtool and Go do: the request line
 * carries the absolute URL (GET http://host:port/path) and the proxy's credentials go in
 * Proxy-Authorization. No CONNECT: squid's default config refuses it to any port but 443.
 */
class ForwardAgent extends http.Agent {
  private readonly authorization?: string;

  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
    if (proxy.username || proxy.password) {
      const credentials = `${decode(proxy.username)}:${decode(proxy.password)}`;
      this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }

  // Runs in ClientRequest's constructor, before the head is written, so the path can still change.
  // The pool is keyed by the host:port in `options`: the proxy's, so one keep-alive pool serves all.
  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    const host = req.getHeader('host') ?? `${options.hostname ?? options.host}:${options.port ?? 80}`;
    req.path = `http://${String(host)}${req.path}`;
    if (this.authorization) req.setHeader('Proxy-Authorization', this.authorization);
    const hostname = this.proxy.hostname.replace(/^\[|\]$/g, '');
    const port = Number(this.proxy.port) || (this.proxy.protocol === 'https:' ? 443 : 80);
    addRequest.call(this, req, { ...options, host: hostname, hostname, port });
  }

  // An https:// proxy is spoken to over TLS, verified with the system CAs: our TLS options are for the server.
  override createConnection(...args: Parameters<http.Agent['createConnection']>): ReturnType<http.Agent['createConnection']> {
    if (this.proxy.protocol !== 'https:') return super.createConnection(...args);
    const host = this.proxy.hostname.replace(/^\[|\]$/g, '');
    return tlsConnect({ host, port: Number(args[0].port), ...(isIP(host) ? {} : { servername: host }) });
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
