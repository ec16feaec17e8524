import { isAxiosError } from 'axios';
import { OncallError } from '../domain/errors.js';

/**
 * Which proxy a request to `target` goes through, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * (either case), the way curl reads them: NO_PROXY is a comma list of hosts, domain suffixes
 * (".example.com" or "example.com"), host:port, or "*".
 */
export function proxyFor(target: string, env: NodeJS.ProcessEnv): string | undefined {
  return chooseProxy(target, env)?.value;
}

/** A proxy that applies to a target. Only `label` and `variable` may be shown: `url` can hold a password. */
export interface ProxySetting {
  url: URL;
  /** host:port of the proxy, for messages. */
  label: string;
  /** The environment variable it came from, e.g. "HTTP_PROXY", for hints. */
  variable: string;
}

/** proxyFor, parsed. A value without a scheme means http://, as in curl and Go. */
export function proxySetting(target: string, env: NodeJS.ProcessEnv): ProxySetting | undefined {
  const chosen = chooseProxy(target, env);
  if (!chosen) return undefined;
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen.value) ? chosen.value : `http://${chosen.value}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: the value may hold a password.
    throw new OncallError('config', `${chosen.variable} is not a URL`, { hint: `set it like http://proxy.example.com:3128 (credentials percent-encoded)` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OncallError('config', `${chosen.variable}: ${url.protocol.replace(/:$/, '')} proxies are not supported`, {
      hint: `use an http:// or https:// proxy, or list the host in NO_PROXY to go direct`,
    });
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { url, label: `${url.hostname}:${port}`, variable: chosen.variable };
}

function chooseProxy(target: string, env: NodeJS.ProcessEnv): { value: string; variable: string } | undefined {
  const url = new URL(target);
  const pick = (name: string) => {
    const variable = env[name.toLowerCase()] !== undefined ? name.toLowerCase() : name.toUpperCase();
    const value = env[variable];
    return value === undefined ? undefined : { value, variable };
  };
  const proxy = url.protocol === 'https:' ? pick('https_proxy') ?? pick('all_proxy') : pick('http_proxy') ?? pick('all_proxy');
  if (!proxy?.value) return undefined;
  const noProxy = (pick('no_proxy')?.value ?? '').split(/[,\s]+/).filter(Boolean);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy) {
    if (raw === '*') return undefined;
    const [h, p] = splitHostPort(raw.toLowerCase());
    if (p && p !== port) continue;
    const suffix = h.replace(/^\*?\./, '');
    if (host === suffix || host.endsWith(`.${suffix}`)) return undefined;
  }
  return proxy;
}

function splitHostPort(entry: string): [string, string | undefined] {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(entry);
  return m ? [m[1] ?? entry, m[2]] : [entry, undefined];
}

/** What came back from the proxy, as transport.ts sees it. */
export interface ProxiedAnswer {
  status: number;
  statusText?: string;
  headers: Record<string, unknown>;
  data: unknown;
  /** The proxy refused the CONNECT: whatever the status, the answer is the proxy's. */
  tunnelRefused: boolean;
}

/**
 * An answer made by the proxy rather than by the server behind it, as an error that names the proxy;
 * undefined for the server's own answers. Squid marks its own pages with X-Squid-Error, RFC 9209
 * proxies with Proxy-Status (error=...); a 502/503/504 page that is not JSON may be the proxy's or
 * a gateway's behind it, and says so.
 */
export function proxyAnswerError(res: ProxiedAnswer, proxy: ProxySetting, target: URL, source: string): OncallError | undefined {
  const { status } = res;
  const { label, variable } = proxy;
  const where = target.host;
  const noProxy = `or list ${target.hostname} in NO_PROXY to go direct`;
  if (status === 407) {
    return new OncallError('auth', `proxy ${label} refused authentication (407)`, {
      source,
      status,
      hint: `check the user and password in ${variable} (any @ : / % in them percent-encoded, e.g. %40 for @)`,
    });
  }
  const squid = typeof res.headers['x-squid-error'] === 'string' ? res.headers['x-squid-error'] : undefined;
  const marked = squid !== undefined || /;\s*error=/i.test(String(res.headers['proxy-status'] ?? ''));
  const reason = `${status}${res.statusText ? ` ${res.statusText}` : ''}${squid ? `, ${squid}` : ''}`;
  if (res.tunnelRefused) {
    return new OncallError('network', `proxy ${label} refused to open a tunnel to ${where} (${reason})`, {
      source,
      status,
      hint: `proxies often allow CONNECT only to port 443: ask for ${where} to be allowed, ${noProxy}`,
    });
  }
  if (marked && status >= 500) {
    return new OncallError('network', `proxy ${label} could not get an answer from ${where} (${reason})`, {
      source,
      status,
      hint: `is ${where} up, and can the proxy reach it? Check ${variable}, ${noProxy}`,
    });
  }
  if (marked && status >= 400) {
    return new OncallError('network', `proxy ${label} refused to forward to ${where} (${reason})`, {
      source,
      status,
      hint: `ask for ${where} to be allowed through the proxy, ${noProxy}`,
    });
  }
  const json = /json/i.test(String(res.headers['content-type'] ?? ''));
  if ((status === 502 || status === 503 || status === 504) && !json) {
    return new OncallError('server', `${reason} through proxy ${label} for ${where}`, {
      source,
      status,
      hint: `the proxy or a gateway behind it is failing: is ${where} up? Check ${variable}, ${noProxy}`,
    });
  }
  return undefined;
}

/**
 * A request that got no answer through a proxy. Refused and unknown-host can only be about the
 * proxy (it is the only host we connect to or resolve), so they name it; anything else keeps the
 * server's wording and says which proxy it went through.
 */
export function proxyTransportError(err: unknown, mapped: OncallError, proxy: ProxySetting, target: URL): OncallError {
  if (!isAxiosError(err)) return mapped;
  const { label, variable } = proxy;
  const code = (err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.code ?? '';
  const source = mapped.source;
  if (code === 'ECONNREFUSED') {
    return new OncallError('network', `connection refused by proxy ${label} (from ${variable})`, {
      source,
      hint: `is the proxy running, and is ${variable} right? Or list ${target.hostname} in NO_PROXY to go direct`,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new OncallError('network', `cannot resolve the proxy host in ${variable} (${label})`, {
      source,
      hint: `check ${variable}, or your DNS/VPN`,
    });
  }
  return new OncallError(mapped.kind, `${mapped.message} through proxy ${label}`, {
    source,
    status: mapped.status,
    retryAfterSeconds: mapped.retryAfterSeconds,
    hint: mapped.hint,
  });
}
