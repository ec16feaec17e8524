import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AlertmanagerCluster } from '../../../src/sources/alertmanager/index.js';
import { freePort } from '../../helpers/net.js';

/**
 * A create that times out on one peer may still have landed there (and gossiped on). Retrying on the
 * next peer blindly would leave two identical silences: the cluster must find the first one instead.
 */
const stored: Array<Record<string, unknown>> = [];
let postsToB = 0;
const servers: Server[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const port = await freePort();
  const srv = createServer(handler);
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  return `http://127.0.0.1:${port}`;
}

function listSilences(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stored));
}

let a: string;
let b: string;
beforeAll(async () => {
  a = await serve((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const s = JSON.parse(body) as Record<string, unknown>;
        stored.push({ ...s, id: '11111111-2222-3333-4444-555555555555', status: { state: 'active' }, updatedAt: new Date().toISOString() });
        // Stored, but the answer never comes: the client times out.
      });
      return;
    }
    listSilences(res);
  });
  b = await serve((req, res) => {
    if (req.method === 'POST') {
      postsToB++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"silenceID":"99999999-9999-9999-9999-999999999999"}');
      return;
    }
    listSilences(res);
  });
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

it('finds the silence a timed-out peer stored instead of creating a second one', async () => {
  postsToB = 0;
  const cluster = new AlertmanagerCluster([
    { baseURL: a, name: 'alertmanager[1]', timeoutMs: 300 },
    { baseURL: b, name: 'alertmanager[2]', timeoutMs: 300 },
  ]);
  const now = new Date();
  const id = await cluster.createSilence({
    matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
    startsAt: now,
    endsAt: new Date(now.getTime() + 3_600_000),
    createdBy: 'tester',
    comment: 'maintenance',
  });
  expect(id).toBe('11111111-2222-3333-4444-555555555555');
  expect(postsToB).toBe(0);
});

it('also after a proxy 504 from a peer that stored the silence anyway', async () => {
  postsToB = 0;
  const c = await serve((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        stored.push({ ...(JSON.parse(body) as Record<string, unknown>), id: '66666666-2222-3333-4444-555555555555', status: { state: 'active' }, updatedAt: new Date().toISOString() });
        res.writeHead(504, { 'content-type': 'text/html' }).end('<html>Gateway Timeout</html>');
      });
      return;
    }
    listSilences(res);
  });
  const cluster = new AlertmanagerCluster([
    { baseURL: c, name: 'alertmanager[1]', timeoutMs: 2000 },
    { baseURL: b, name: 'alertmanager[2]', timeoutMs: 2000 },
  ]);
  const now = new Date();
  const id = await cluster.createSilence({
    matchers: [{ name: 'alertname', value: 'NodeDown', isRegex: false, isEqual: true }],
    startsAt: now,
    endsAt: new Date(now.getTime() + 3_600_000),
    createdBy: 'tester',
    comment: 'reboot',
  });
  expect(id).toBe('66666666-2222-3333-4444-555555555555');
  expect(postsToB).toBe(0);
});
