import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

const H = { authorization: `Token token=${DEMO_TOKEN}`, accept: 'application/vnd.pagerduty+json;version=2', 'content-type': 'application/json' };
let fake: FakePagerDuty;

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(fake.url + path, {
    method: init.method ?? 'GET',
    headers: init.headers ?? H,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

beforeAll(async () => {
  fake = await startFakePagerDuty(demoSeed());
});
afterAll(() => fake.close());

describe('fake PagerDuty (the contract it enforces)', () => {
  it('401 without a token or with an unknown one, in both header forms', async () => {
    expect((await call('/incidents', { headers: { ...H, authorization: '' } })).status).toBe(401);
    expect((await call('/incidents', { headers: { ...H, authorization: 'Token token=nope' } })).status).toBe(401);
    expect((await call('/incidents', { headers: { ...H, authorization: 'Bearer nope' } })).json.error.code).toBe(2006);
    expect((await call('/incidents', { headers: { ...H, authorization: `Bearer ${DEMO_TOKEN}` } })).status).toBe(200);
  });

  it('406 without the versioned Accept header', async () => {
    expect((await call('/incidents', { headers: { ...H, accept: 'application/json' } })).status).toBe(406);
  });

  it('filters with repeated statuses[] and refuses comma-joined or indexed arrays', async () => {
    const open = await call('/incidents?statuses[]=triggered&statuses[]=acknowledged');
    expect(open.status).toBe(200);
    expect(open.json.incidents.map((i: any) => i.status).sort()).toEqual(['acknowledged', 'triggered', 'triggered', 'triggered']);
    expect(open.json.total).toBeNull();
    expect((await call('/incidents?statuses[]=triggered,acknowledged')).status).toBe(400);
    expect((await call('/incidents?statuses[0]=triggered')).status).toBe(400);
    expect((await call('/incidents?statuses=triggered')).status).toBe(400);
  });

  it('caps limit at 100, fills total only when asked, answers 2002 past offset+limit 10000', async () => {
    const page = await call('/incidents?limit=500&total=true');
    expect(page.json.limit).toBe(100);
    expect(page.json.total).toBe(5);
    const deep = await call('/incidents?offset=9950&limit=100');
    expect(deep.status).toBe(400);
    expect(deep.json.error.code).toBe(2002);
  });

  it('refuses writes without a known From email (2016) and from read-only keys (403)', async () => {
    const body = { incident: { type: 'incident_reference', status: 'acknowledged' } };
    const noFrom = await call('/incidents/PINC005', { method: 'PUT', body });
    expect(noFrom.status).toBe(400);
    expect(noFrom.json.error.code).toBe(2016);
    const stranger = await call('/incidents/PINC005', { method: 'PUT', headers: { ...H, from: 'who@nowhere' }, body });
    expect(stranger.json.error.code).toBe(2016);
    const ro = await call('/incidents/PINC005', { method: 'PUT', headers: { ...H, authorization: 'Token token=demo-readonly-token', from: DEMO_FROM }, body });
    expect(ro.status).toBe(403);
    expect(fake.state.incidents.find((i) => i.id === 'PINC005')?.status).toBe('triggered');
  });

  it('acknowledges, resolves, and reopens a resolved incident on acknowledge as the spec describes', async () => {
    const h = { ...H, from: DEMO_FROM };
    const ack = await call('/incidents/PINC002', { method: 'PUT', headers: h, body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
    expect(ack.json.incident.status).toBe('acknowledged');
    const res = await call('/incidents/PINC002', { method: 'PUT', headers: h, body: { incident: { type: 'incident_reference', status: 'resolved' } } });
    expect(res.json.incident.status).toBe('resolved');
    expect(res.json.incident.assignments).toEqual([]);
    const reopen = await call('/incidents/PINC002', { method: 'PUT', headers: h, body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
    expect(reopen.json.incident.status).toBe('acknowledged');
    expect(reopen.json.incident.assignments[0].assignee.id).toBe('PUSRADA');
  });

  it('413 for more than 250 incidents in one PUT; 404 for an unknown id changes nothing', async () => {
    const h = { ...H, from: DEMO_FROM };
    const many = Array.from({ length: 251 }, () => ({ id: 'PINC005', type: 'incident_reference', status: 'resolved' }));
    expect((await call('/incidents', { method: 'PUT', headers: h, body: { incidents: many } })).status).toBe(413);
    const mixed = [{ id: 'PINC005', type: 'incident_reference', status: 'resolved' }, { id: 'PNOSUCH1', type: 'incident_reference', status: 'resolved' }];
    expect((await call('/incidents', { method: 'PUT', headers: h, body: { incidents: mixed } })).status).toBe(404);
    expect(fake.state.incidents.find((i) => i.id === 'PINC005')?.status).toBe('triggered');
  });

  it('notes, on-calls, users/me (account keys fail), users, services', async () => {
    const note = await call('/incidents/PINC003/notes', { method: 'POST', headers: { ...H, from: DEMO_FROM }, body: { note: { content: 'looking' } } });
    expect(note.json.note.user.summary).toBe('Ada Lovelace');
    expect((await call('/incidents/PINC003/notes')).json.notes.map((n: any) => n.content)).toEqual(['looking']);
    const oncalls = await call('/oncalls?include[]=users&escalation_policy_ids[]=PEPPAYM');
    expect(oncalls.json.oncalls.map((o: any) => o.user.email)).toEqual([DEMO_FROM, 'grace@example.com']);
    expect((await call('/users/me')).json.user.email).toBe(DEMO_FROM);
    expect((await call('/users/me', { headers: { ...H, authorization: 'Token token=demo-account-token' } })).status).toBe(400);
    expect((await call('/users?query=grace')).json.users).toHaveLength(1);
    expect((await call('/services')).json.services).toHaveLength(3);
  });

  it('answers 429 with the three ratelimit headers when told to, then recovers', async () => {
    fake.rateLimitNext(1, 7);
    const limited = await call('/services');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reset')).toBe('7');
    expect(limited.headers.get('ratelimit-limit')).toBe('960');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await call('/services')).status).toBe(200);
  });

  it('records every request with headers and body', async () => {
    const last = fake.requests.find((r) => r.method === 'POST');
    expect(last?.headers.from).toBe(DEMO_FROM);
    expect(last?.body).toEqual({ note: { content: 'looking' } });
  });
});
