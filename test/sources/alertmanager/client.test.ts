import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OncallError } from '../../../src/domain/errors.js';
import { parseMatchers } from '../../../src/domain/matchers.js';
import { AlertmanagerClient, AlertmanagerCluster } from '../../../src/sources/alertmanager/index.js';
import { recorded } from './fixtures.js';

/** A stand-in Alertmanager that answers from recorded 0.25 JSON and remembers each request. */
interface Seen {
  method: string;
  url: URL;
  body?: unknown;
}

let server: Server;
let hanging: Server;
let base = '';
let hangingBase = '';
const seen: Seen[] = [];
const silence = (recorded('silences').body as Array<Record<string, unknown>>)[0]!;

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function listen(srv: Server): Promise<string> {
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(srv.address() as { port: number }).port}`)));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', url, body: await readBody(req) });
    const send = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/v2/alerts') return send(200, recorded('alerts').body);
    if (url.pathname === '/garbled/api/v2/alerts') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"fingerprint": "a", ');
    if (url.pathname === '/refused/api/v2/alerts') return send(400, 'bad matcher format: "=x"');
    if (url.pathname === `/api/v2/silence/${silence.id}`) return send(200, silence);
    if (url.pathname === '/api/v2/silences' && req.method === 'POST') return send(200, { silenceID: silence.id });
    return send(404, '');
  });
  // Accepts connections and never answers: what a wedged peer looks like.
  hanging = createServer(() => undefined);
  [base, hangingBase] = await Promise.all([listen(server), listen(hanging)]);
});

afterAll(async () => {
  hanging.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => hanging.close(r))]);
});

beforeEach(() => {
  seen.length = 0;
});

describe('AlertmanagerClient requests', () => {
  it('sends one filter parameter per matcher and the state booleans', async () => {
    const client = new AlertmanagerClient({ baseURL: base, name: 'am' });
    await client.alerts({ active: true, silenced: false, inhibited: false, matchers: parseMatchers(['HighLatency', 'service=~"api|web"']) });
    const url = seen[0]!.url;
    expect(url.searchParams.getAll('filter')).toEqual(['alertname="HighLatency"', 'service=~"api|web"']);
    expect(url.searchParams.get('silenced')).toBe('false');
    expect(url.searchParams.get('inhibited')).toBe('false');
    expect(url.searchParams.get('active')).toBe('true');
    expect(url.searchParams.has('unprocessed')).toBe(false);
  });

  it('sends nothing when the silence is invalid', async () => {
    const client = new AlertmanagerClient({ baseURL: base, name: 'am' });
    const past = { matchers: parseMatchers(['X']), startsAt: new Date(Date.now() - 7200_000), endsAt: new Date(Date.now() - 3600_000), createdBy: 'me', comment: 'c' };
    await expect(client.createSilence(past)).rejects.toMatchObject({ kind: 'usage' });
    expect(seen).toHaveLength(0);
  });

  it('extends with the same matchers and the original startsAt so the id is kept', async () => {
    const client = new AlertmanagerClient({ baseURL: base, name: 'am' }, () => new Date(String(silence.startsAt)));
    const result = await client.extendSilence(String(silence.id), 30 * 60_000);
    const post = seen.find((s) => s.method === 'POST')!.body as Record<string, unknown>;
    expect(post.id).toBe(silence.id);
    expect(post.matchers).toEqual(silence.matchers);
    expect(post.startsAt).toBe(silence.startsAt);
    expect(new Date(String(post.endsAt)).getTime()).toBe(new Date(String(silence.endsAt)).getTime() + 30 * 60_000);
    expect(result).toMatchObject({ id: silence.id, replaced: false });
  });

  it('refuses an empty silence id without a request', async () => {
    const client = new AlertmanagerClient({ baseURL: base, name: 'am' });
    await expect(client.expireSilence(' ')).rejects.toMatchObject({ kind: 'usage' });
    expect(seen).toHaveLength(0);
  });
});

describe('AlertmanagerCluster', () => {
  it('asks peers in parallel, so wedged peers cost one timeout, not their sum', async () => {
    const wedged = [1, 2, 3].map((i) => ({ baseURL: hangingBase, name: `am[${i}]`, timeoutMs: 600 }));
    const cluster = new AlertmanagerCluster([...wedged, { baseURL: base, name: 'am[4]' }]);
    const started = Date.now();
    const alerts = await cluster.alerts();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(alerts).toHaveLength(3);
    const health = cluster.lastPeerHealth();
    expect(health.map((h) => h.ok)).toEqual([false, false, false, true]);
    expect(health[0]!.error).toBeInstanceOf(OncallError);
    expect(health[0]!.error!.kind).toBe('timeout');
  });

  it('fails only when every peer fails, naming each', async () => {
    const cluster = new AlertmanagerCluster([
      { baseURL: hangingBase, name: 'am[1]', timeoutMs: 200 },
      { baseURL: 'http://127.0.0.1:1', name: 'am[2]' },
    ]);
    const err = (await cluster.alerts().catch((e: unknown) => e)) as OncallError;
    expect(err).toBeInstanceOf(OncallError);
    expect(err.message).toMatch(/no Alertmanager peer answered: am\[1\].*am\[2\]/);
  });

  it('writes to the first peer that answers', async () => {
    const cluster = new AlertmanagerCluster([
      { baseURL: 'http://127.0.0.1:1', name: 'am[1]' },
      { baseURL: base, name: 'am[2]' },
    ]);
    const id = await cluster.createSilence({ matchers: parseMatchers(['X']), startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000), createdBy: 'me', comment: 'c' });
    expect(id).toBe(silence.id);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(cluster.lastPeerHealth().map((h) => [h.name, h.ok])).toEqual([['am[1]', false], ['am[2]', true]]);
  });
});

describe('an alert list parsed after the caller lets go (beforeDecode)', () => {
  it('the answer comes back and waits; let go, it is read as before', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let asked = false;
    let done = false;
    const pending = new AlertmanagerClient({ baseURL: base, name: 'am', env: {} }).alerts({}, { beforeDecode: () => ((asked = true), gate) });
    void pending.then(() => (done = true));
    await vi.waitFor(() => expect(asked).toBe(true));
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/alerts']);
    expect(done).toBe(false);
    release();
    expect((await pending).map((a) => a.fingerprint)).toEqual((recorded('alerts').body as Array<{ fingerprint: string }>).map((a) => a.fingerprint));
  });

  it('a body that is not JSON is a bad response, and an error answer still says why, without waiting', async () => {
    let asked = 0;
    const beforeDecode = async () => void asked++;
    await expect(new AlertmanagerClient({ baseURL: `${base}/garbled`, name: 'am', env: {} }).alerts({}, { beforeDecode })).rejects.toMatchObject({ kind: 'bad_response' });
    await expect(new AlertmanagerClient({ baseURL: `${base}/refused`, name: 'am', env: {} }).alerts({}, { beforeDecode })).rejects.toThrow(/bad matcher format/);
    expect(asked).toBe(1);
  });
});
