import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { PagerDutyClient } from '../../src/sources/pagerduty/client.js';
import { freePort, pollUntil } from '../helpers/net.js';

/**
 * Every request the client makes is checked by Prism against PagerDuty's own OpenAPI document
 * (auth header, required From and Content-Type, parameter and body shapes). Prism's content
 * negotiation does not know PagerDuty's vendor media type, so a small proxy in front checks the
 * client's real Accept value and forwards with `Accept: application/json`.
 *
 * Prism runs without `--errors`: request violations are still answered 4xx (422, 400, 401) and
 * listed in `sl-violations`; `--errors` would only add response checks, and PagerDuty's own example
 * for GET /users/me breaks its schema (`created_via_sso: "true,"`), so every /users/me would be a 500.
 * Response-side violations are the spec's problem, not the client's, and are ignored here.
 */
const SPEC_REL = '../shared/contracts/pagerduty-rest-openapi.json';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const spec = fileURLToPath(new URL(`../../${SPEC_REL}`, import.meta.url));
const prismBin = `${repo}node_modules/.bin/prism`;
const PD_ACCEPT = 'application/vnd.pagerduty+json;version=2';
const haveSpec = existsSync(spec);

interface Seen {
  method: string;
  url: string;
  accept: string | undefined;
  status?: number;
  violations?: string;
}

let prism: ChildProcess | undefined;
let proxy: Server | undefined;
let proxyUrl = '';
const seen: Seen[] = [];

async function waitForPrism(port: number, timeoutMs: number): Promise<void> {
  await pollUntil(async () => {
    if (prism?.exitCode !== null && prism?.exitCode !== undefined) throw new Error(`prism exited with ${prism.exitCode}`);
    const res = await fetch(`http://127.0.0.1:${port}/users/me`, {
      headers: { Authorization: 'Token token=probe', Accept: 'application/json', 'Content-Type': 'application/json' },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return true;
  }, 'prism to serve the PagerDuty spec', timeoutMs, 250);
}

/** The violations Prism found in the request (not in its own example response), as text. */
function requestViolations(header: string | string[] | undefined): string | undefined {
  if (!header) return undefined;
  const list = JSON.parse(Array.isArray(header) ? header[0] ?? '[]' : header) as Array<{ location?: string[]; message?: string }>;
  const mine = list.filter((v) => v.location?.[0] !== 'response');
  return mine.length ? mine.map((v) => `${(v.location ?? []).join('.')}: ${v.message}`).join('; ') : undefined;
}

function startProxy(target: number, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', accept: req.headers.accept };
    seen.push(entry);
    const headers = { ...req.headers, accept: 'application/json', host: `127.0.0.1:${target}` };
    const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (up) => {
      entry.status = up.statusCode;
      entry.violations = requestViolations(up.headers['sl-violations']);
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err) => {
      res.writeHead(502).end(err.message);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const FROM = 'earline@example.com';

function client(from: string | undefined) {
  return new PagerDutyClient({ transport: { baseURL: proxyUrl, name: 'pagerduty' }, token: 'y_NbAkKc66ryYTWUXYEu', from });
}

/** What Prism said about the requests made since `start`: each must be 2xx with no violations. */
function problemsSince(start: number): string[] {
  return seen.slice(start).flatMap((s) => {
    const out: string[] = [];
    if (s.accept !== PD_ACCEPT) out.push(`${s.method} ${s.url}: Accept was ${s.accept}`);
    if (s.violations) out.push(`${s.method} ${s.url}: ${s.violations}`);
    if (!s.status || s.status < 200 || s.status >= 300) out.push(`${s.method} ${s.url}: HTTP ${s.status}`);
    return out;
  });
}

async function checked<T>(call: () => Promise<T>): Promise<T> {
  const start = seen.length;
  const result = await call();
  expect(seen.length).toBeGreaterThan(start);
  expect(problemsSince(start)).toEqual([]);
  return result;
}

describe.skipIf(!haveSpec)(`PagerDuty client vs PagerDuty's OpenAPI (Prism)${haveSpec ? '' : ` — skipped: ${SPEC_REL} not found`}`, () => {
  beforeAll(async () => {
    const prismPort = await freePort();
    prism = spawn(prismBin, ['mock', spec, '-h', '127.0.0.1', '-p', String(prismPort)], { stdio: 'ignore' });
    await waitForPrism(prismPort, 120_000);
    const proxyPort = await freePort();
    proxy = await startProxy(prismPort, proxyPort);
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
  }, 130_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    if (prism && prism.exitCode === null) {
      const exited = new Promise((resolve) => prism?.once('exit', resolve));
      prism.kill('SIGTERM');
      await exited;
    }
  });

  it('lists incidents with every filter, and with date_range=all', async () => {
    const pd = client(FROM);
    const list = await checked(() =>
      pd.incidents({
        statuses: ['triggered', 'acknowledged'],
        urgencies: ['high', 'low'],
        userIds: ['PXPGF42'],
        serviceIds: ['PIJ90N7'],
        teamIds: ['PQ9K7I8'],
        since: new Date('2026-01-01T00:00:00Z'),
        until: new Date('2026-01-15T00:00:00Z'),
      }),
    );
    expect(list[0]?.id).toBe('PT4KHLK');
    const sent = seen.find((s) => s.url.startsWith('/incidents?'))?.url ?? '';
    expect(sent).toMatch(/statuses%5B%5D=triggered&statuses%5B%5D=acknowledged/);
    await checked(() => pd.incidents({ dateRange: 'all', max: 1 }));
  });

  it('gets one incident, its notes, on-calls with filters, and the current user', async () => {
    const pd = client(FROM);
    expect((await checked(() => pd.incident('PT4KHLK'))).id).toBe('PT4KHLK');
    expect((await checked(() => pd.notes('PT4KHLK')))[0]?.content).toBe('Firefighters are on the scene.');
    const oncalls = await checked(() => pd.oncalls({ scheduleIds: ['PI7DH85'], escalationPolicyIds: ['PT20YPA'], userIds: ['PT23IWX'], earliest: true }));
    expect(oncalls[0]?.user.name).toBe('Tim Wright');
    expect((await checked(() => pd.me())).email).toContain('@');
  });

  it('reads an incident\'s log entries, an escalation policy and incident analytics', async () => {
    const pd = client(FROM);
    const log = await checked(() => pd.logEntries('PT4KHLK', new Date('2026-01-01T00:00:00Z')));
    expect(log[0]?.type).toBeTruthy();
    const policy = await checked(() => pd.escalationPolicy('PT20YPA'));
    expect(policy.rules.length).toBeGreaterThan(0);
    await checked(() => pd.analyticsIncidentTimes({ since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-02-01T00:00:00Z'), serviceIds: ['PIJ90N7'] }));
  });

  it('acknowledges and resolves one and many, and adds a note, with bodies PagerDuty accepts', async () => {
    const pd = client(FROM);
    await checked(() => pd.acknowledge(['PT4KHLK']));
    await checked(() => pd.resolve(['PT4KHLK']));
    await checked(() => pd.acknowledge(['PT4KHLK', 'PQMF62U']));
    await checked(() => pd.resolve(['PT4KHLK', 'PQMF62U', 'PPVZH9X']));
    expect((await checked(() => pd.addNote('PT4KHLK', 'Rolled back the deploy.'))).id).toBeTruthy();
  });

  it('escalates, reassigns, sets a priority, snoozes and merges with bodies PagerDuty accepts', async () => {
    const pd = client(FROM);
    await checked(() => pd.escalate('PT4KHLK', 2));
    await checked(() => pd.reassign('PT4KHLK', ['PXPGF42']));
    await checked(() => pd.setPriority('PT4KHLK', 'PSLWBL8'));
    await checked(() => pd.snooze('PT4KHLK', 3600));
    await checked(() => pd.merge('PT4KHLK', ['P8JOGX7', 'PPVZH9X']));
    const sent = seen.filter((s) => s.method === 'PUT' || s.method === 'POST').map((s) => `${s.method} ${s.url}`);
    expect(sent).toEqual(expect.arrayContaining(['POST /incidents/PT4KHLK/snooze', 'PUT /incidents/PT4KHLK/merge']));
  });

  it('reads priorities, users by email, schedules and one schedule\'s final entries, and adds an override', async () => {
    const pd = client(FROM);
    expect((await checked(() => pd.priorities()))[0]?.name).toBe('P1');
    expect((await checked(() => pd.users('earline@example.com'))).length).toBeGreaterThan(0);
    expect((await checked(() => pd.schedules('Engineering'))).length).toBeGreaterThan(0);
    const one = await checked(() => pd.schedule('PI7DH85', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z')));
    expect(one.users[0]?.id).toBeTruthy();
    const start = new Date('2026-01-01T00:00:00Z');
    await checked(() => pd.addOverride('PI7DH85', { userId: 'PEYSGVF', start, end: new Date('2026-01-02T00:00:00Z') }));
  });

  it('Prism does flag a write without From, so the checks above are real', async () => {
    const start = seen.length;
    const res = await fetch(`${proxyUrl}/incidents/PT4KHLK`, {
      method: 'PUT',
      headers: { Authorization: 'Token token=x', Accept: PD_ACCEPT, 'Content-Type': 'application/json' },
      body: JSON.stringify({ incident: { type: 'incident_reference', status: 'acknowledged' } }),
    });
    expect(res.status).toBe(422);
    expect(problemsSince(start)).not.toEqual([]);
  });

  it('refuses a write without From before anything is sent', async () => {
    const pd = client(undefined);
    const start = seen.length;
    await expect(pd.acknowledge(['PT4KHLK'])).rejects.toBeInstanceOf(OncallError);
    await expect(pd.addNote('PT4KHLK', 'x')).rejects.toMatchObject({ kind: 'config' });
    expect(seen.length).toBe(start);
  });
});
