/**
 * Which proxy a request to `target` goes through, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * (either case), the way curl reads them: NO_PROXY is a comma list of hosts, domain suffixes
 * (".example.com" or "example.com"), host:port, or "*".
 */
export function proxyFor(target: string, env: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(target);
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const proxy = url.protocol === 'https:' ? pick('https_proxy') ?? pick('all_proxy') : pick('http_proxy') ?? pick('all_proxy');
  if (!proxy) return undefined;
  const noProxy = (pick('no_proxy') ?? '').split(/[,\s]+/).filter(Boolean);
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
