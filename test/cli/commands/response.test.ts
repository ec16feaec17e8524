import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/** Response targets on open incidents: the runbook's table by default, the context's own when set. */
let pd: FakePagerDuty;
let dir: string;
const MIN = 60_000;

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty: false, columns: 220 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

type Json = { title: string; response: { ackBy: string | null; resolveBy: string | null; ackOverdue: boolean; resolveOverdue: boolean; nextEscalation: { at: string; level: number; to: string[] } | null } };

beforeAll(async () => {
  const now = Date.now();
  const seed = demoSeed(new Date(now));
  seed.incidents = [
    { title: 'late ack', service: 'PSVCAPI', urgency: 'high', createdAt: new Date(now - 7 * MIN) },
    { title: 'fresh', service: 'PSVCAPI', urgency: 'high', createdAt: new Date(now - 2 * MIN) },
    { title: 'low and acked', service: 'PSVCDB1', urgency: 'low', status: 'acknowledged', assignees: ['PUSRLIN'], createdAt: new Date(now - 5 * 60 * MIN) },
    { title: 'unknown policy', service: 'lonely', urgency: 'high', createdAt: new Date(now - MIN) },
  ];
  pd = await startFakePagerDuty(seed);
  dir = await mkdtemp(join(tmpdir(), 'oncall-resp-'));
});

afterAll(async () => {
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('response targets', () => {
  it('counts down to the next target and names who is paged next', async () => {
    const { code, out, err } = await oncall(['incidents']);
    expect(code).toBe(0);
    const row = (title: string) => out.split('\n').find((l) => l.includes(title)) ?? '';
    expect(row('late ack')).toContain('ack overdue 2m → Grace Hopper in 8m');
    expect(row('fresh')).toContain('ack in 3m → Grace Hopper in 13m');
    // Low urgency counts as warning: resolve within 4h, so an ack 5h old is overdue by an hour.
    expect(row('low and acked')).toContain('resolve overdue 1h');
    expect(row('unknown policy')).toMatch(/ack in [45]m/);
    expect(err).toMatch(/escalation policy PDEFEP1 could not be read/);
  });

  it('gives every incident a response object in JSON', async () => {
    const list = JSON.parse((await oncall(['incidents', '-o', 'json'])).out) as Json[];
    const late = list.find((i) => i.title === 'late ack')!.response;
    expect(late.ackOverdue).toBe(true);
    expect(late.resolveOverdue).toBe(false);
    expect(Date.parse(late.resolveBy!) - Date.parse(late.ackBy!)).toBe(55 * MIN);
    expect(late.nextEscalation).toMatchObject({ level: 2, to: ['Grace Hopper'] });
    expect(list.find((i) => i.title === 'unknown policy')!.response.nextEscalation).toBeNull();
  });

  it('takes the targets from the context', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ current_context: 'x', contexts: { x: { response_targets: { critical: { ack: '10m', resolve: '2h' } } } } }), { mode: 0o600 });
    const list = JSON.parse((await oncall(['incidents', '-o', 'json'])).out) as Json[];
    const late = list.find((i) => i.title === 'late ack')!.response;
    expect(late.ackOverdue).toBe(false);
    expect(Date.parse(late.resolveBy!) - Date.parse(late.ackBy!)).toBe(110 * MIN);
  });
});
