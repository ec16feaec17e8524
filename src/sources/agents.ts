import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxySetting, type ProxySetting } from './proxy.js';

/** Our TLS settings, for the server we talk to (behind a tunnel too), never for the proxy. */
export type TlsOptions = { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };

/** How one request (or one hop of a redirect) goes: the agent to use, and the proxy it goes through, if any. */
export interface Route {
  agent: http.Agent;
  proxy?: ProxySetting;
}

/**
 * The agents of one source. A request goes through the proxy that its own URL calls for (scheme and
 * NO_PROXY, as curl and Go decide per request, so per redirect hop) or direct; each (proxy or direct,
 * scheme) gets one keep-alive agent, made when first needed. Every agent carries our TLS options
 * for the server: the first request's and any hop's.
 */
export class Routes {
  private readonly agents = new Map<string, http.Agent>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly tls: TlsOptions,
  ) {}

  /** Throws a config OncallError when the proxy variable that applies is malformed. */
  to(target: URL): Route {
    const proxy = proxySetting(target.href, this.env);
    const key = `${target.protocol} ${proxy ? proxy.url.href : 'direct'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = this.build(target.protocol === 'https:', proxy);
      this.agents.set(key, agent);
    }
    return proxy ? { agent, proxy } : { agent };
  }

  private build(secure: boolean, proxy: ProxySetting | undefined): http.Agent {
    if (proxy) return secure ? new TunnelAgent(proxy.url, this.tls) : new ForwardAgent(proxy.url);
    return secure ? new https.Agent({ keepAlive: true, ...this.tls }) : new http.Agent({ keepAlive: true });
  }
}

/** Requests whose CONNECT the proxy refused: the answer they get is the proxy's, not the server's. */
export const refusedTunnels = new WeakSet<object>();

/**
 * HttpsProxyAgent applies the TLS options it is given to the connection to the PROXY, not to the
 * server behind the tunnel; ours (a private CA, a client certificate, insecure) are for the server.
 */
export class TunnelAgent extends HttpsProxyAgent<string> {
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
export class ForwardAgent extends http.Agent {
  private readonly authorization?: string;
  /** The proxy's host (brackets off an IPv6 address) and port, as a socket takes them. */
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
    this.host = proxy.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
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
    addRequest.call(this, req, { ...options, host: this.host, hostname: this.host, port: this.port });
  }

  // An https:// proxy is spoken to over TLS, verified with the system CAs: our TLS options are for the server.
  override createConnection(...args: Parameters<http.Agent['createConnection']>): ReturnType<http.Agent['createConnection']> {
    if (this.proxy.protocol !== 'https:') return super.createConnection(...args);
    return tlsConnect({ host: this.host, port: Number(args[0].port), ...(isIP(this.host) ? {} : { servername: this.host }) });
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
