import { readFileSync } from 'node:fs';
import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { OncallError } from '../domain/errors.js';
import { refusedTunnels, Routes, type Route, type TlsOptions } from './agents.js';
import { toSourceError } from './errors.js';
import { proxyAnswerError, proxyTransportError } from './proxy.js';
import type { RateLimitPolicy } from './ratelimit.js';

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
  /** What to do with a 429: wait and send again (headless, the default) or hand it back (the pollers). */
  rateLimit?: RateLimitPolicy;
  /** Where the credentials come from ("bearer token (env AM_TOKEN)"), for a 401's hint; never their value. */
  credentials?: string;
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

/** Where a request's latest hop went: an answer or error is read as that hop's proxy and host gave it. */
interface Hop {
  target: URL;
  route: Route;
  /** The proxy setting for a redirect's URL was malformed: the request stopped there. */
  failed?: unknown;
  /** A redirect moved the request away from the URL it was sent to. */
  redirected?: boolean;
}

/**
 * Builds an axios instance that honours TLS settings, HTTPS_PROXY/HTTP_PROXY/NO_PROXY and auth, and
 * whose errors are OncallErrors without secrets. Proxying is done by the agents (so it follows our
 * NO_PROXY rules and our TLS options reach the server behind a tunnel) and axios' own is turned off:
 * https:// goes through a CONNECT tunnel, http:// is forwarded, as curl and Go do it. Like them, each
 * request and each hop of a redirect takes the route its own URL calls for.
 */
export function createHttp(opts: TransportOptions): AxiosInstance {
  const url = validateBaseURL(opts);
  const tls: TlsOptions = {
    ca: readPem(opts.caFile, 'CA'),
    cert: readPem(opts.certFile, 'client certificate'),
    key: readPem(opts.keyFile, 'client key'),
    rejectUnauthorized: !opts.insecure,
  };
  const routes = new Routes(opts.env ?? process.env, tls);
  routes.to(url); // a malformed proxy variable is a config error here, not at the first request

  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.bearerToken) headers.Authorization = `Bearer ${opts.bearerToken}`;

  const instance = axios.create({
    baseURL: url.href.replace(/\/$/, ''),
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers,
    auth: opts.basicAuth,
    proxy: false,
    // We map every status ourselves so that error bodies are read the same way everywhere.
    validateStatus: () => true,
    maxRedirects: 5,
    // Prometheus and Alertmanager bodies are JSON; a proxy error page must not throw while parsing.
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
  });
  const hops = new WeakMap<object, Hop>();
  instance.interceptors.request.use((config) => {
    const target = new URL(instance.getUri(config));
    const hop: Hop = { target, route: routes.to(target) };
    hops.set(config, hop);
    config[target.protocol === 'https:' ? 'httpsAgent' : 'httpAgent'] = hop.route.agent;
    // Runs before every redirected request (after axios has dropped the auth a new origin must not get).
    config.beforeRedirect = (options) => {
      hop.target = new URL(String(options.href));
      hop.redirected = true;
      try {
        hop.route = routes.to(hop.target);
      } catch (err) {
        hop.failed = err;
        throw err;
      }
      options.agent = hop.route.agent;
      delete options.agents; // follow-redirects would take options.agents[scheme] over options.agent
    };
    return config;
  });
  instance.interceptors.response.use(
    (res) => {
      const hop = hops.get(res.config);
      const proxy = hop?.route.proxy;
      const fromProxy = hop && proxy && proxyAnswerError({ ...res, tunnelRefused: refusedTunnels.has(res.request as object) }, proxy, hop.target, opts.name);
      if (fromProxy) throw fromProxy;
      return res;
    },
    (err: unknown) => {
      const hop = isAxiosError(err) && err.config ? hops.get(err.config) : undefined;
      if (hop?.failed) return Promise.reject(hop.failed);
      const mapped = toSourceError(err, opts.name, hop?.redirected ? hop.target : undefined);
      const proxy = hop?.route.proxy;
      return Promise.reject(hop && proxy ? proxyTransportError(err, mapped, proxy, hop.target) : mapped);
    },
  );
  return instance;
}
