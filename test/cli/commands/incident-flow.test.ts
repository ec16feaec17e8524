import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { startFaultProxy, writes, type FaultProxy } from '../../helpers/faults.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * `oncall incident escalate|reassign|snooze|priority|merge` and `oncall take`, headless against the
 * PagerDuty fake behind a fault proxy (passing unless a test drops an answer).
 */
let pd: FakePagerDuty;
let proxy: FaultProxy;
let dir: string;

async function oncall(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: proxy.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM, ...env }, { tty: false, columns: 220 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const incident = (id: string) => pd.state.incidents.find((i) => i.id === id)!;
const logOf = (id: string, type: string) => incident(id).log.filter((e) => e.type === type);
const sentWrites = () => pd.requests.filter((r) => writes(r.method));
async function audit(action: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.action === action && l.outcome !== 'started');
}

beforeAll(async () => {
  pd = await startFakePagerDuty(demoSeed());
  proxy = await startFaultProxy(pd.url);
  dir = await mkdtemp(join(tmpdir(), 'oncall-flow-'));
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await proxy?.close();
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('incident escalate', () => {
  it('asks first: without --yes and no terminal it refuses, sending nothing', async () => {
    const before = sentWrites().length;
    const r = await oncall(['incident', 'escalate', '5', '--level', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('refusing to escalate #5 (PINC005) to level 2 without --yes');
    expect(sentWrites().length).toBe(before);
  });

  it('--dry-run prints the request and sends nothing; --readonly refuses', async () => {
    const before = sentWrites().length;
    const dry = await oncall(['incident', 'escalate', 'PINC005', '--level', '2', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/PUT http:\/\/127\.0\.0\.1:\d+\/incidents\/PINC005/);
    expect(dry.out).toContain('"escalation_level": 2');
    const ro = await oncall(['incident', 'escalate', 'PINC005', '--level', '2', '--yes', '--readonly']);
    expect(ro.code).toBe(2);
    expect(ro.err).toContain('read-only');
    expect(sentWrites().length).toBe(before);
  });

  it('escalates by incident number to the level\'s on-call, with one audit line', async () => {
    const r = await oncall(['incident', 'escalate', '#5', '--level', '2', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('#5 (PINC005): escalated to level 2 (Grace Hopper)\n');
    expect(incident('PINC005').escalationLevel).toBe(2);
    expect(await audit('incident.escalate')).toEqual([expect.objectContaining({ outcome: 'ok', target: 'PINC005', user: DEMO_FROM })]);
    expect((await oncall(['incident', 'escalate', '5', '--level', '0', '--yes'])).code).toBe(2);
  });
});

describe('incident reassign', () => {
  it('looks the user up by email; a lost answer is read back, and the retry sends nothing', async () => {
    proxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const r = await oncall(['incident', 'reassign', 'PINC002', '--to', 'Grace@Example.com', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('reassigned to Grace Hopper (the answer was lost; confirmed by reading it back)');
    const retry = await oncall(['incident', 'reassign', 'PINC002', '--to', 'grace@example.com', '--yes']);
    expect(retry.out).toContain('already assigned to Grace Hopper; nothing sent');
    expect(logOf('PINC002', 'assign_log_entry')).toHaveLength(1);
    expect(await audit('incident.reassign')).toEqual([expect.objectContaining({ outcome: 'ok', reconciled: true })]);
  });

  it('an unknown email is an error before anything is sent', async () => {
    const before = sentWrites().length;
    const r = await oncall(['incident', 'reassign', 'PINC002', '--to', 'nobody@example.com', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no PagerDuty user with the email nobody@example.com');
    expect(sentWrites().length).toBe(before);
  });
});

describe('incident snooze', () => {
  it('refuses up front a duration PagerDuty would refuse, and an incident that is not acknowledged', async () => {
    const before = pd.requests.length;
    const long = await oncall(['incident', 'snooze', 'PINC004', '--for', '8d', '--yes']);
    expect(long.code).toBe(2);
    expect(long.err).toContain('PagerDuty snoozes for 1s to 7d');
    expect(pd.requests.length).toBe(before);
    const triggered = await oncall(['incident', 'snooze', 'PINC004', '--for', '1h', '--yes']);
    expect(triggered.code).toBe(2);
    expect(triggered.err).toContain('is triggered: PagerDuty snoozes acknowledged incidents only');
  });

  it('snoozes an acknowledged incident', async () => {
    const r = await oncall(['incident', 'snooze', '3', '--for', '1h', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#3 \(PINC003\): snoozed for 1h \(until /);
    expect(logOf('PINC003', 'snooze_log_entry')).toHaveLength(1);
    expect(pd.requests.find((q) => q.path === '/incidents/PINC003/snooze')?.body).toEqual({ duration: 3600 });
  });
});

describe('incident priority', () => {
  it('matches a name before an id, sends nothing when it is already set, and names the choices for an unknown one', async () => {
    const r = await oncall(['incident', 'priority', 'PINC002', 'p1', '--yes']);
    expect(r.out).toBe('PINC002: priority P1\n');
    expect(incident('PINC002').priority).toBe('P1');
    expect((await oncall(['incident', 'priority', 'PINC002', 'P1', '--yes'])).out).toContain('already P1; nothing sent');
    const bad = await oncall(['incident', 'priority', 'PINC002', 'P9', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no priority P9: this account has P1, P2, P3, P4, P5');
  });
});

describe('incident merge', () => {
  it('names the targets when asking; a lost answer is read back and a retry merges nothing twice', async () => {
    const ask = await oncall(['incident', 'merge', '4', '5']);
    expect(ask.err).toContain('refusing to merge #5 (PINC005) into #4 (PINC004)');
    proxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const r = await oncall(['incident', 'merge', '4', '5', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('merged #5 into #4 (the answer was lost; confirmed by reading it back)\n');
    expect(incident('PINC005').status).toBe('resolved');
    const retry = await oncall(['incident', 'merge', '4', '5', '--yes']);
    expect(retry.code).toBe(0);
    expect(retry.out).toContain('nothing to merge into #4; #5 already resolved, left out');
    expect(pd.requests.filter((q) => q.path === '/incidents/PINC004/merge')).toHaveLength(1);
  });
});

describe('take the pager, and who comes next', () => {
  it('who --next names who comes on next, per policy and level, and when', async () => {
    const r = await oncall(['who', '--next']);
    expect(r.code).toBe(0);
    const row = r.out.split('\n').find((l) => l.includes('Payments Primary')) ?? '';
    expect(row).toMatch(/Payments On-Call\s+1\s+Grace Hopper.*in 1[56]h/);
  });

  it('overrides the one schedule of mine where someone else is on call, until the end of that shift; a lost answer and a retry make one override', async () => {
    const wrong = await oncall(['take', '--schedule', 'Payments Primary', '--yes']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('not one of yours where someone else is on call now');
    proxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const r = await oncall(['take', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Ada Lovelace: on call for Payments Secondary until .* \(the answer was lost; confirmed by reading it back\)\n$/);
    const schedule = pd.state.schedules.find((s) => s.id === 'PSCHPA2')!;
    expect(schedule.overrides).toHaveLength(1);
    const grace = pd.state.oncalls.find((o) => o.schedule?.id === 'PSCHPA2' && o.userId === 'PUSRGRC')!;
    expect(schedule.overrides[0]!.end.getTime()).toBe(grace.end!.getTime());
    const retry = await oncall(['take', '--schedule', 'PSCHPA2', '--yes']);
    expect(retry.code).toBe(2);
    expect(schedule.overrides).toHaveLength(1);
    const who = await oncall(['who']);
    expect(who.out.split('\n').find((l) => l.includes('Payments Secondary'))).toContain('Ada Lovelace');
  });
});
