import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { startFaultProxy, writes, type FaultProxy } from '../../helpers/faults.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * Every workflow write through the actions layer, the same way: --dry-run prints the request and
 * sends nothing, --readonly refuses before any request, a 429 is waited out and sent again (or, when
 * the wait is too long, reported with when to try again), and each write leaves one audit line.
 */
let pd: FakePagerDuty;
let proxy: FaultProxy;
let dir: string;

beforeEach(async () => {
  pd = await startFakePagerDuty(demoSeed());
  proxy = await startFaultProxy(pd.url);
  dir = await mkdtemp(join(tmpdir(), 'oncall-writes-'));
});
afterEach(async () => {
  await proxy.close();
  await pd.close();
  await rm(dir, { recursive: true, force: true });
});

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: proxy.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty: false, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function auditLines(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.outcome !== 'started');
}

const fakeWrites = () => pd.requests.filter((r) => writes(r.method));
const incident = (id: string) => pd.state.incidents.find((i) => i.id === id)!;

/** [what, arguments, the request it makes, its audit action, what changed at PagerDuty] */
const CASES: Array<[string, string[], string, string, () => unknown]> = [
  ['escalate', ['incident', 'escalate', 'PINC005', '--level', '2'], 'PUT /incidents/PINC005', 'incident.escalate', () => incident('PINC005').escalationLevel === 2],
  ['reassign', ['incident', 'reassign', 'PINC002', '--to', 'grace@example.com'], 'PUT /incidents/PINC002', 'incident.reassign', () => incident('PINC002').assigneeIds.join() === 'PUSRGRC'],
  ['snooze', ['incident', 'snooze', 'PINC003', '--for', '1h'], 'POST /incidents/PINC003/snooze', 'incident.snooze', () => incident('PINC003').snoozedUntil !== undefined],
  ['priority', ['incident', 'priority', 'PINC002', 'P1'], 'PUT /incidents/PINC002', 'incident.priority', () => incident('PINC002').priority === 'P1'],
  ['merge', ['incident', 'merge', 'PINC004', 'PINC005'], 'PUT /incidents/PINC004/merge', 'incident.merge', () => incident('PINC005').status === 'resolved'],
  ['take', ['take'], 'POST /schedules/PSCHPA2/overrides', 'schedule.override', () => pd.state.schedules.find((s) => s.id === 'PSCHPA2')!.overrides.length === 1],
];

describe.each(CASES)('%s', (_name, args, request, action, changed) => {
  const [method, path] = request.split(' ') as [string, string];

  it('--dry-run prints the request and sends nothing', async () => {
    const r = await oncall([...args, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`# dry run: not sent\n${method} ${proxy.url}${path}\n`);
    expect(r.out).toContain(`From: ${DEMO_FROM}`);
    expect(r.out).not.toContain(DEMO_TOKEN);
    expect(fakeWrites()).toEqual([]);
    expect(changed()).toBe(false);
    expect(await auditLines()).toEqual([]);
  });

  it('--readonly refuses before any request', async () => {
    const r = await oncall([...args, '--yes', '--readonly']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('read-only');
    expect(pd.requests).toEqual([]);
    expect(await auditLines()).toEqual([]);
  });

  it('a 429 on the write is waited out and sent again: done once, one audit line', async () => {
    proxy.inject({ kind: 'rateLimit', headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '0' } }, { count: 1, match: writes });
    const r = await oncall([...args, '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(proxy.requests.filter((q) => q.method === method && q.path === path).map((q) => q.fault)).toEqual(['rateLimit', 'pass']);
    expect(fakeWrites().map((q) => `${q.method} ${q.path}`)).toEqual([request]);
    expect(changed()).toBe(true);
    expect(await auditLines()).toEqual([expect.objectContaining({ action, outcome: 'ok', user: DEMO_FROM })]);
  });

  it('a 429 asking for a longer wait than is sat out is reported with when to try again; nothing changed', async () => {
    proxy.inject({ kind: 'rateLimit', headers: { 'ratelimit-reset': '120' } }, { count: 1, match: writes });
    const r = await oncall([...args, '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('PagerDuty is rate-limiting this token');
    expect(r.err).toContain('wait for 120s and try again');
    expect(fakeWrites()).toEqual([]);
    expect(changed()).toBe(false);
    expect(await auditLines()).toEqual([expect.objectContaining({ action, outcome: 'failed', error: expect.stringContaining('wait for 120s') })]);
  });
});
