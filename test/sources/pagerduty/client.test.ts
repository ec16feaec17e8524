import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PagerDutyClient, type PagerDutyOptions } from '../../../src/sources/pagerduty/client.js';
import { freePort } from '../../helpers/net.js';
import { startFakePagerDuty, type FakePagerDuty, type FakePdOptions } from '../../helpers/pagerduty-fake.js';
import { rejection } from '../../helpers/errors.js';

const TOKEN = 'u+s3cret-user-token';
const NOW = new Date('2026-03-01T12:00:00Z');
const ADA = 'ada@example.com';

let fake: FakePagerDuty | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(extra: Partial<FakePdOptions> = {}, client: Partial<PagerDutyOptions> = {}) {
  fake = await startFakePagerDuty({
    tokens: { [TOKEN]: { userId: 'PUSRADA' }, 'ro-token-xyz': { userId: 'PUSRADA', readOnly: true }, 'account-token-xyz': {} },
    users: [{ id: 'PUSRADA', name: 'Ada Lovelace', email: ADA }, { id: 'PUSRGRC', name: 'Grace Hopper', email: 'grace@example.com' }],
    services: [{ id: 'PSVCAPI', name: 'checkout-api' }, { id: 'PSVCDB1', name: 'postgres' }],
    now: () => NOW,
    ...extra,
  });
  const sleeps: number[] = [];
  const pd = new PagerDutyClient({
    transport: { baseURL: fake.url, name: 'pagerduty' },
    token: TOKEN,
    from: ADA,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => NOW,
    ...client,
  });
  return { fake, pd, sleeps };
}

const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);


describe('PagerDutyClient against the strict fake', () => {
  it('sends the versioned Accept, Content-Type and Token authorization on reads; From only on writes', async () => {
    const { fake, pd } = await setup();
    const inc = fake.addIncident({ title: 'db down', createdAt: minutesAgo(5) });
    await pd.incidents();
    await pd.acknowledge([inc.id]);
    const [read, write] = fake.requests;
    expect(read?.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(read?.headers['content-type']).toBe('application/json');
    expect(read?.headers.authorization).toBe(`Token token=${TOKEN}`);
    expect(read?.headers.from).toBeUndefined();
    expect(write?.headers.from).toBe(ADA);
    expect(write?.body).toEqual({ incident: { type: 'incident_reference', status: 'acknowledged' } });
  });

  it('uses Bearer for OAuth tokens', async () => {
    const { fake, pd } = await setup({}, { tokenType: 'bearer' });
    await pd.me();
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('filters with repeated statuses[] and a 30-day default window, and maps what comes back', async () => {
    const { fake, pd } = await setup();
    fake.addIncident({ title: 'old', createdAt: minutesAgo(60 * 24 * 40) });
    const open = fake.addIncident({ title: 'open', service: 'PSVCAPI', assignees: ['PUSRADA'], priority: 'P1', createdAt: minutesAgo(30) });
    fake.addIncident({ title: 'done', status: 'resolved', createdAt: minutesAgo(20) });
    const list = await pd.incidents({ statuses: ['triggered', 'acknowledged'] });
    expect(list).toEqual([open]);
    const req = fake.requests[0];
    expect(req?.query['statuses[]']).toEqual(['triggered', 'acknowledged']);
    expect(req?.rawQuery).not.toMatch(/statuses%5B\d|triggered%2Cacknowledged/);
    expect(new Date(req?.query.since?.[0] ?? '').getTime()).toBe(NOW.getTime() - 30 * 24 * 3600_000);
  });

  it('pages through 250 incidents 100 at a time and stops at max', async () => {
    const { fake, pd } = await setup();
    fake.addIncidents(250, (n) => ({ title: `i${n}`, createdAt: minutesAgo(300 - n) }));
    const all = await pd.incidents();
    expect(new Set(all.map((i) => i.id)).size).toBe(250);
    expect(fake.requests.map((r) => r.query.offset?.[0])).toEqual(['0', '100', '200']);
    fake.requests.length = 0;
    expect(await pd.incidents({ max: 120 })).toHaveLength(120);
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['after a 400/2002', true],
    ['early, from the total', false],
  ])('lists more than 10,000 incidents fully by splitting the window (%s)', async (_name, hideTotals) => {
    const { fake, pd } = await setup({ hideTotals });
    const count = 10_500;
    const span = 29 * 24 * 60; // minutes, inside the default 30-day window
    fake.addIncidents(count, (n) => ({ title: `bulk ${n}`, createdAt: minutesAgo(span - Math.floor((n * span) / count)) }));
    const all = await pd.incidents();
    expect(new Set(all.map((i) => i.id)).size).toBe(count);
    const refused = fake.requests.filter((r) => Number(r.query.offset?.[0]) + Number(r.query.limit?.[0]) > 10_000);
    expect(refused.length > 0).toBe(hideTotals);
    expect(new Set(fake.requests.map((r) => r.query.since?.[0])).size).toBeGreaterThan(1);
  }, 60_000);

  it('acknowledges 600 incidents in PUT /incidents chunks of 250, 250 and 100', async () => {
    const { fake, pd } = await setup();
    fake.addIncidents(600, (n) => ({ title: `i${n}`, createdAt: minutesAgo(700 - n) }));
    const ids = fake.state.incidents.map((i) => i.id);
    const done = await pd.acknowledge(ids);
    expect(done).toHaveLength(600);
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual(['/incidents', '/incidents', '/incidents']);
    expect(puts.map((r) => (r.body as { incidents: unknown[] }).incidents.length)).toEqual([250, 250, 100]);
    expect((puts[0]?.body as { incidents: unknown[] }).incidents[0]).toEqual({ id: ids[0], type: 'incident_reference', status: 'acknowledged' });
    expect(fake.state.incidents.every((i) => i.status === 'acknowledged')).toBe(true);
  });

  it('says how many were done when a later chunk of a bulk ack fails', async () => {
    const { fake, pd } = await setup();
    fake.addIncidents(400, (n) => ({ title: `i${n}`, createdAt: minutesAgo(500 - n) }));
    const ids = fake.state.incidents.map((i) => i.id);
    ids.splice(300, 0, 'PGONE0001');
    const err = await rejection(pd.acknowledge(ids));
    expect(err.message).toMatch(/^acknowledged 250 of 401 incidents, then: .*PGONE0001/);
    expect(fake.state.incidents.filter((i) => i.status === 'acknowledged')).toHaveLength(250);
  });

  it('walks a range longer than six months in windows PagerDuty accepts', async () => {
    const { fake, pd } = await setup();
    const old = fake.addIncident({ title: 'a year ago', createdAt: minutesAgo(365 * 24 * 60) });
    const recent = fake.addIncident({ title: 'recent', createdAt: minutesAgo(60) });
    const list = await pd.incidents({ since: minutesAgo(400 * 24 * 60) });
    expect(list.map((i) => i.id).sort()).toEqual([old.id, recent.id].sort());
    for (const r of fake.requests) {
      const span = new Date(r.query.until?.[0] ?? '').getTime() - new Date(r.query.since?.[0] ?? '').getTime();
      expect(span).toBeLessThanOrEqual(180 * 24 * 3600_000);
    }
  });

  it('resolves one incident with PUT /incidents/{id}', async () => {
    const { fake, pd } = await setup();
    const inc = fake.addIncident({ title: 'x', assignees: ['PUSRGRC'] });
    const [resolved] = await pd.resolve([inc.id]);
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.assignees).toEqual([]);
    expect(fake.requests[0]?.path).toBe(`/incidents/${inc.id}`);
  });

  it('refuses a write without From before sending anything, and says how to set it', async () => {
    const { fake, pd } = await setup({}, { from: undefined });
    const inc = fake.addIncident({ title: 'x' });
    for (const attempt of [pd.acknowledge([inc.id]), pd.resolve([inc.id, inc.id]), pd.addNote(inc.id, 'hi')]) {
      const err = await rejection(attempt);
      expect(err.kind).toBe('config');
      expect(err.hint).toMatch(/PAGERDUTY_FROM|pagerduty\.from/);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('explains a From email PagerDuty does not know (2016)', async () => {
    const { fake, pd } = await setup({}, { from: 'nobody@example.com' });
    const inc = fake.addIncident({ title: 'x' });
    const err = await rejection(pd.acknowledge([inc.id]));
    expect(err.message).toMatch(/From email/);
    expect(err.hint).toMatch(/PAGERDUTY_FROM/);
  });

  it('rejects malformed ids (and incident numbers) before sending, pointing at `oncall incidents`', async () => {
    const { fake, pd } = await setup();
    const err = await rejection(pd.acknowledge(['1234', 'pt4khlk']));
    expect(err.kind).toBe('usage');
    expect(err.message).toContain('1234');
    expect(err.hint).toMatch(/PT4KHLK.*oncall incidents/);
    await rejection(pd.incident('../users'));
    expect(fake.requests).toHaveLength(0);
  });

  it('waits out a 429 for ratelimit-reset seconds (at most twice), then gives up with retryAfterSeconds', async () => {
    const { fake, pd, sleeps } = await setup();
    fake.rateLimitNext(2, 3);
    expect(await pd.incidents()).toEqual([]);
    expect(sleeps).toEqual([3000, 3000]);
    fake.rateLimitNext(3, 3);
    const err = await rejection(pd.incidents());
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(3);
    fake.rateLimitNext(1, 120);
    sleeps.length = 0;
    const long = await rejection(pd.me());
    expect(long.retryAfterSeconds).toBe(120);
    expect(sleeps).toEqual([]);
  });

  it('says the token was rejected on 401', async () => {
    const { pd } = await setup({}, { token: 'wrong-token-123' });
    const err = await rejection(pd.incidents());
    expect(err.kind).toBe('auth');
    expect(err.toLine()).toMatch(/PagerDuty rejected the token/);
    expect(err.hint).toBe('check the PagerDuty token');
    const named = await rejection((await setup({}, { token: 'wrong-token-123', tokenSource: 'env MY_PD_KEY' })).pd.incidents());
    expect(named.hint).toBe('check the PagerDuty token (env MY_PD_KEY)');
    expect(`${named.message} ${named.hint}`).not.toContain('wrong-token-123');
  });

  it('says a read-only key cannot write (403)', async () => {
    const { fake, pd } = await setup({}, { token: 'ro-token-xyz' });
    const inc = fake.addIncident({ title: 'x' });
    const err = await rejection(pd.resolve([inc.id]));
    expect(err.kind).toBe('forbidden');
    expect(err.toLine()).toMatch(/read-only.*use a user token or an API key with write access/);
    expect(fake.state.incidents[0]?.status).toBe('triggered');
  });

  it('explains that /users/me needs a user token when given an account key', async () => {
    const { pd } = await setup({}, { token: 'account-token-xyz' });
    const err = await rejection(pd.me());
    expect(err.message).toMatch(/user token.*account-level/);
  });

  it('includes PagerDuty\'s message and errors[] and says which incident is missing', async () => {
    const { pd } = await setup();
    const err = await rejection(pd.incident('PNOSUCH1'));
    expect(err.kind).toBe('not_found');
    expect(err.message).toContain('PNOSUCH1');
    expect(err.hint).toMatch(/oncall incidents/);
  });

  it('adds and lists notes, lists on-calls with emails, and finds the current user', async () => {
    const policy = { id: 'PEPPAYM', name: 'Payments' };
    const { fake, pd } = await setup({
      oncalls: [
        { user: 'PUSRADA', escalationPolicy: policy, schedule: { id: 'PSCHPAY', name: 'Primary' }, level: 1 },
        { user: 'PUSRGRC', escalationPolicy: { id: 'PEPOTHR', name: 'Other' }, level: 2 },
      ],
    });
    const inc = fake.addIncident({ title: 'x' });
    const note = await pd.addNote(inc.id, 'rolled back');
    expect(note).toMatchObject({ content: 'rolled back', user: { id: 'PUSRADA', name: 'Ada Lovelace' } });
    expect((await pd.notes(inc.id)).map((n) => n.content)).toEqual(['rolled back']);
    const oncalls = await pd.oncalls({ escalationPolicyIds: ['PEPPAYM'] });
    expect(oncalls).toEqual([{ user: { id: 'PUSRADA', name: 'Ada Lovelace', email: ADA }, escalationPolicy: { id: 'PEPPAYM', name: 'Payments' }, schedule: { id: 'PSCHPAY', name: 'Primary' }, level: 1, start: undefined, end: undefined }]);
    expect(await pd.me()).toEqual({ id: 'PUSRADA', name: 'Ada Lovelace', email: ADA });
  });

  it('never puts the token in an error, whatever went wrong', async () => {
    const { fake, pd } = await setup({}, { token: `${TOKEN}-bad` });
    const errors = [await rejection(pd.incidents())];
    const ro = new PagerDutyClient({ transport: { baseURL: fake.url, name: 'pagerduty' }, token: 'ro-token-xyz', from: ADA });
    const inc = fake.addIncident({ title: 'x' });
    errors.push(await rejection(ro.acknowledge([inc.id])));
    fake.rateLimitNext(1, 999);
    errors.push(await rejection(ro.incidents()));
    const dead = new PagerDutyClient({ transport: { baseURL: `http://127.0.0.1:${await freePort()}`, name: 'pagerduty' }, token: TOKEN, from: ADA });
    errors.push(await rejection(dead.incidents()));
    for (const err of errors) {
      const text = `${JSON.stringify(err)} ${err.message} ${err.hint ?? ''} ${err.toLine()}`;
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('ro-token-xyz');
    }
  });
});

describe('no write is sent twice', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('does not retry a note after the connection dropped mid-request', async () => {
    let posts = 0;
    server = createServer((req) => {
      if (req.method === 'POST') posts++;
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const pd = new PagerDutyClient({ transport: { baseURL: `http://127.0.0.1:${port}`, name: 'pagerduty' }, token: TOKEN, from: ADA });
    const err = await rejection(pd.addNote('PT4KHLK', 'only once'));
    expect(err.kind).toBe('network');
    expect(posts).toBe(1);
  });
});
