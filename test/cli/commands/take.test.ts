import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * `oncall take --until` (an ISO time, a duration) and the choice between several schedules: a prompt
 * in a terminal, an error listing them without one. Ada is on two schedules someone else holds now:
 * Payments Secondary (Grace, 16h left) and, here, Platform Weekly (Linus, 4 days left).
 */
const HOUR = 3_600_000;
let pd: FakePagerDuty;
let dir: string | undefined;

beforeEach(async () => {
  pd = await startFakePagerDuty({ ...demoSeed(), schedules: [{ id: 'PSCHPLT', name: 'Platform Weekly', users: ['PUSRADA'] }] });
  dir ??= await mkdtemp(join(tmpdir(), 'oncall-take-'));
});
afterEach(async () => pd.close());
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function io(tty = false) {
  return captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'ada', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty, columns: 200 });
}

async function oncall(args: string[]) {
  const c = io();
  const code = await run(args, c);
  return { code, out: c.out(), err: c.err() };
}

type Sent = { overrides: Array<{ start: string; end: string; user: { id: string; type: string } }> };
const overridesSent = () => pd.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/overrides')).map((r) => ({ path: r.path, ...(r.body as Sent).overrides[0]! }));

describe('take --until', () => {
  it('an ISO time is the override\'s end; it starts now', async () => {
    const end = new Date(Math.floor((Date.now() + 3 * HOUR) / 1000) * 1000).toISOString();
    const before = Date.now();
    const r = await oncall(['take', '--schedule', 'Payments Secondary', '--until', end, '--yes']);
    const after = Date.now();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Ada Lovelace: on call for Payments Secondary until ${end}\n`);
    const [sent, ...more] = overridesSent();
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ path: '/schedules/PSCHPA2/overrides', end, user: { id: 'PUSRADA', type: 'user_reference' } });
    expect(Date.parse(sent!.start)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(sent!.start)).toBeLessThanOrEqual(after);
    // Grace holds the rest of her shift again after the override.
    const who = await oncall(['who']);
    expect(who.out.split('\n').find((l) => l.includes('Payments Secondary'))).toContain('Ada Lovelace');
  });

  it('a duration counts from now', async () => {
    const before = Date.now();
    const r = await oncall(['take', '--schedule', 'PSCHPLT', '--until', '90m', '--yes', '-o', 'json']);
    const after = Date.now();
    expect(r.code).toBe(0);
    const [sent] = overridesSent();
    expect(sent!.path).toBe('/schedules/PSCHPLT/overrides');
    const start = Date.parse(sent!.start);
    const end = Date.parse(sent!.end);
    expect(end).toBeGreaterThanOrEqual(before + 90 * 60_000);
    expect(end).toBeLessThanOrEqual(after + 90 * 60_000);
    expect(start).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(start).toBeLessThanOrEqual(after);
    expect(JSON.parse(r.out)).toMatchObject({ schedule: 'PSCHPLT', name: 'Platform Weekly', user: DEMO_FROM, end: sent!.end, sent: true });
  });

  it('a time already past is refused, sending nothing', async () => {
    const r = await oncall(['take', '--schedule', 'PSCHPLT', '--until', new Date(Date.now() - HOUR).toISOString(), '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not in the future');
    expect(overridesSent()).toEqual([]);
  });
});

describe('take on several schedules', () => {
  it('without a terminal, refuses and lists them with who holds each, sending nothing', async () => {
    const r = await oncall(['take', '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('you are on 2 schedules where someone else is on call: say which with --schedule');
    expect(r.err).toMatch(/Payments Secondary \(Grace Hopper until [^)]+\)/);
    expect(r.err).toMatch(/Platform Weekly \(Linus Torvalds until [^)]+\)/);
    expect(overridesSent()).toEqual([]);
  });

  it('in a terminal, asks which, and takes the one picked', async () => {
    const c = io(true);
    c.input.write('2\n');
    const code = await run(['take', '--yes'], c);
    expect(c.err()).toMatch(/1\) Payments Secondary \(Grace Hopper until .*\n.*2\) Platform Weekly \(Linus Torvalds until .*\nWhich schedule\? \[1-2\] /s);
    expect(code).toBe(0);
    expect(c.out()).toMatch(/^Ada Lovelace: on call for Platform Weekly until /);
    expect(overridesSent().map((o) => o.path)).toEqual(['/schedules/PSCHPLT/overrides']);
  });

  it('in a terminal, the pick and then the confirmation are both read', async () => {
    const c = io(true);
    c.input.write('1\n');
    const done = run(['take'], c);
    await vi.waitFor(() => expect(c.err()).toContain('Take the pager on Payments Secondary from Grace Hopper until'));
    c.input.write('y\n');
    expect(await done).toBe(0);
    expect(overridesSent().map((o) => o.path)).toEqual(['/schedules/PSCHPA2/overrides']);
  });

  it('in a terminal, the pick and the confirmation typed ahead at once are both read', async () => {
    const c = io(true);
    c.input.end('1\ny\n');
    expect(await run(['take'], c)).toBe(0);
    expect(c.err()).toContain('Take the pager on Payments Secondary from Grace Hopper until');
    expect(overridesSent().map((o) => o.path)).toEqual(['/schedules/PSCHPA2/overrides']);
  });

  it('in a terminal, an answer not in the list is an error and nothing is sent', async () => {
    const c = io(true);
    c.input.write('7\n');
    const code = await run(['take', '--yes'], c);
    expect(code).toBe(2);
    expect(c.err()).toContain('no schedule 7');
    expect(overridesSent()).toEqual([]);
  });
});
