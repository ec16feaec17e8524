import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { OncallError } from '../domain/errors.js';
import { ForwardAgent, refusedTunnels, TunnelAgent, type TlsOptions } from './agents.js';
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
  const tls: TlsOptions = {
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
