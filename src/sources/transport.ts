import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { OncallError } from '../domain/errors.js';
import { toSourceError } from './errors.js';
import { proxyFor } from './proxy.js';

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
 * Builds an axios instance that honours TLS settings, HTTPS_PROXY/NO_PROXY and auth, and whose errors
 * are OncallErrors without secrets. axios' own proxy support cannot tunnel HTTPS through an HTTP
 * proxy, so proxying is done with an agent and axios' is turned off.
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
  const proxy = proxyFor(url.href, env);
  const httpsAgent = proxy ? new TunnelAgent(proxy, tls) : new https.Agent({ keepAlive: true, ...tls });
  const httpAgent = proxy ? new HttpsProxyAgent(proxy) : new http.Agent({ keepAlive: true });

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
  instance.interceptors.response.use(undefined, (err: unknown) => Promise.reject(toSourceError(err, opts.name)));
  return instance;
}

type TlsOptions = { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };

/**
 * HttpsProxyAgent applies the TLS options it is given to the connection to the PROXY, not to the
 * server behind the tunnel; ours (a private CA, a client certificate, insecure) are for the server.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly tls: TlsOptions,
  ) {
    super(proxy, { keepAlive: true });
  }

  override connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    return super.connect(req, { ...opts, ...this.tls });
  }
}
