import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';

/** A local runbook host on 127.0.0.1: Markdown, text, HTML, 404, 403, and one route that never answers. */
export interface RunbookServer {
  url: string;
  /** Paths requested, in order, with whether an Authorization header came along. */
  requests: Array<{ path: string; auth: boolean }>;
  close(): Promise<void>;
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/runbooks/${name}`, import.meta.url), 'utf8');

export async function startRunbookServer(): Promise<RunbookServer> {
  const requests: RunbookServer['requests'] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/HighErrorRate.md': (res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(fixture('HighErrorRate.md')),
    '/acme/runbooks/-/raw/main/KubePodCrashLooping.md': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(fixture('KubePodCrashLooping.md')),
    '/markdown': (res) => res.writeHead(200, { 'content-type': 'text/markdown' }).end('# From text/markdown\n\n1. one\n'),
    '/disk-full': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(fixture('disk-full.txt')),
    '/wiki/HighErrorRate': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Runbook</h1></body></html>'),
    '/sso': (res) => res.writeHead(403, { 'content-type': 'text/html' }).end('<html>login</html>'),
    '/report.pdf': (res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
    '/broken': (res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down'),
    '/evil.md': (res) => res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Evil\u001b]52;c;cm0gLXJmIC8=\u0007\n\n1. `ls`\n'),
    // Never answers: the client must give up on its own.
    '/slow.md': () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, auth: req.headers.authorization !== undefined });
    const route = routes[path];
    if (route) route(res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
