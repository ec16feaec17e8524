import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextOnCalls } from '../../../src/domain/schedules.js';
import { PagerDutyClient } from '../../../src/sources/pagerduty/client.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/** Escalate, reassign, priority, snooze, merge and overrides: the client against the fake, as PagerDuty behaves. */
const NOW = new Date('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
let clock = NOW;
let fake: FakePagerDuty;
let pd: PagerDutyClient;

beforeEach(async () => {
  clock = NOW;
  fake = await startFakePagerDuty({ ...demoSeed(NOW), now: () => clock });
  pd = new PagerDutyClient({ transport: { baseURL: fake.url, name: 'pagerduty' }, token: DEMO_TOKEN, from: DEMO_FROM });
});
afterEach(() => fake.close());

const log = (id: string) => fake.state.incidents.find((i) => i.id === id)?.log.map((e) => e.summary ?? e.type) ?? [];

describe('fake PagerDuty: the incident workflow', () => {
  it('escalates to the level\'s on-call user, re-triggering; refuses a level past the policy and a resolved incident', async () => {
    await pd.acknowledge(['PINC005']);
    const up = await pd.escalate('PINC005', 2);
    expect(up.status).toBe('triggered');
    expect(up.assignees.map((a) => a.name)).toEqual(['Grace Hopper']);
    expect(log('PINC005')).toContain('Escalated to level 2: Grace Hopper');
    await expect(pd.escalate('PINC005', 4)).rejects.toThrow(/between 1 and 3/);
    await expect(pd.escalate('PINC001', 2)).rejects.toThrow(/Resolved/i);
  });

  it('reassigns to users by id and refuses an unknown one', async () => {
    const [linus] = await pd.users('linus@example.com');
    const r = await pd.reassign('PINC003', [linus!.id]);
    expect(r.assignees.map((a) => a.name)).toEqual(['Linus Torvalds']);
    expect(r.status).toBe('triggered');
    expect(log('PINC003')).toContain('Reassigned to Linus Torvalds');
    await expect(pd.reassign('PINC003', ['PNOBODY1'])).rejects.toThrow(/not found/);
  });

  it('sets a priority from GET /priorities and refuses one that does not exist', async () => {
    const list = await pd.priorities();
    expect(list.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect((await pd.setPriority('PINC002', list[0]!.id)).priority).toBe('P1');
    await expect(pd.setPriority('PINC002', 'PNOPRIO')).rejects.toThrow(/Priority not found/);
  });

  it('snoozes acknowledged incidents only, for 1 s to 7 days, and re-triggers when the snooze ends', async () => {
    await expect(pd.snooze('PINC005', 3600)).rejects.toThrow(/acknowledged/);
    await pd.acknowledge(['PINC005']);
    await expect(pd.snooze('PINC005', 0)).rejects.toThrow(/1 to 604800/);
    await expect(pd.snooze('PINC005', 604_801)).rejects.toThrow(/1 to 604800/);
    expect((await pd.snooze('PINC005', 3600)).status).toBe('acknowledged');
    expect(log('PINC005').at(-1)).toBe('Snoozed until 2026-03-01T13:00:00.000Z');
    // The snooze's end comes back as the pending unacknowledge, in the list the dashboard polls too.
    expect((await pd.incident('PINC005')).snoozedUntil).toEqual(new Date('2026-03-01T13:00:00Z'));
    expect((await pd.incidents({ dateRange: 'all' })).find((i) => i.id === 'PINC005')?.snoozedUntil).toEqual(new Date('2026-03-01T13:00:00Z'));
    clock = new Date(NOW.getTime() + HOUR + 1000);
    expect((await pd.incident('PINC005')).status).toBe('triggered');
  });

  it('merges sources into an open target (they are resolved) and refuses a second merge and a resolved target', async () => {
    await pd.merge('PINC004', ['PINC005']);
    expect((await pd.incident('PINC005')).status).toBe('resolved');
    expect(log('PINC005').at(-1)).toBe('Resolved by merging into #4');
    await expect(pd.merge('PINC004', ['PINC005'])).rejects.toThrow(/resolved incident cannot be merged/);
    await expect(pd.merge('PINC001', ['PINC003'])).rejects.toThrow(/target must be open/);
    const sent = fake.requests.find((r) => r.path === '/incidents/PINC004/merge');
    expect(sent?.body).toEqual({ source_incidents: [{ id: 'PINC005', type: 'incident_reference' }] });
  });
});

describe('fake PagerDuty: schedules, overrides and who comes next', () => {
  it('lists schedules with their members and renders one with its shifts', async () => {
    const all = await pd.schedules();
    expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['Payments Primary', 'Payments Secondary', 'Platform Weekly']));
    const sec = await pd.schedule('PSCHPA2', NOW, new Date(NOW.getTime() + 48 * HOUR));
    expect(sec.users.map((u) => u.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(sec.entries.map((e) => e.user.name)).toEqual(['Grace Hopper', 'Ada Lovelace']);
  });

  it('an override takes over the shift in /oncalls and the rendering, and a bad one is refused', async () => {
    const ada = fake.state.users.find((u) => u.email === DEMO_FROM)!;
    const end = new Date(NOW.getTime() + 16 * HOUR);
    const o = await pd.addOverride('PSCHPA2', { userId: ada.id, start: NOW, end });
    expect(o.user.name).toBe('Ada Lovelace');
    const now = await pd.oncalls({ scheduleIds: ['PSCHPA2'] });
    expect(now.map((x) => x.user.name)).toEqual(['Ada Lovelace']);
    const sec = await pd.schedule('PSCHPA2', NOW, new Date(NOW.getTime() + 48 * HOUR));
    expect(sec.entries.map((e) => [e.user.name, e.end.toISOString()])).toContainEqual(['Ada Lovelace', end.toISOString()]);
    await expect(pd.addOverride('PSCHPA2', { userId: ada.id, start: end, end: NOW })).rejects.toThrow(/end after its start/);
  });

  it('earliest on-calls over the next window tell who comes on next, per policy and level', async () => {
    const list = await pd.oncalls({ earliest: true, since: NOW, until: new Date(NOW.getTime() + 7 * 24 * HOUR) });
    const next = nextOnCalls(list, NOW);
    expect(next.map((o) => `${o.escalationPolicy.name} ${o.level} ${o.user.name} ${o.start?.toISOString()}`)).toEqual([
      'Payments On-Call 1 Grace Hopper 2026-03-02T04:00:00.000Z',
      'Payments On-Call 2 Ada Lovelace 2026-03-02T04:00:00.000Z',
    ]);
    const q = fake.requests.at(-1)?.query;
    expect(q?.earliest).toEqual(['true']);
    expect(q?.since).toEqual([NOW.toISOString()]);
  });
});
