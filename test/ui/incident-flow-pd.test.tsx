import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { loadContext } from '../../src/cli/context.js';
import { dashboardDeps } from '../../src/cli/dashboard.js';
import type { IncidentSource } from '../../src/state/ports.js';
import { captureIo } from '../cli/helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';
import { T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, type, waitForFrame } from './helpers.js';

/**
 * A (reassign) and S (snooze) on the incidents pane, through the PagerDuty source the dashboard
 * really builds (src/cli/dashboard.ts) against the PagerDuty fake: what is sent, and what the
 * screen says afterwards.
 */
let pd: FakePagerDuty;
let dir: string | undefined;
let source: IncidentSource;

beforeEach(async () => {
  pd = await startFakePagerDuty({ ...demoSeed(new Date(T0)), now: () => new Date(T0) });
  dir ??= await mkdtemp(join(tmpdir(), 'oncall-uiflow-'));
  const env = { PATH: process.env.PATH, HOME: dir, USER: 'ada', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM };
  const ctx = await loadContext({ output: 'table' }, env);
  source = (await dashboardDeps(ctx, { output: 'table', io: captureIo(env) } as Parameters<typeof dashboardDeps>[1])).pagerduty!;
});
afterEach(async () => {
  cleanup();
  await pd.close();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const h = mount({ incidents: await source.incidents(), pd: source, state: { focus: 'incidents' }, size: { columns: 132, rows: 30 } });
  return h;
}

/** Moves the selection down to incident #n. */
async function select(h: Awaited<ReturnType<typeof setup>>, n: number) {
  const selected = (f: string) => f.split('\n').find((l) => l.startsWith('▶')) ?? '';
  await waitForFrame(h.lastFrame, (f) => selected(f) !== '');
  for (let i = 0; i < 10 && !selected(h.lastFrame() ?? '').includes(`#${n} `); i++) {
    const before = selected(h.lastFrame() ?? '');
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (f) => selected(f) !== before);
  }
  expect(selected(h.lastFrame() ?? '')).toContain(`#${n} `);
}

const writes = () => pd.requests.filter((r) => r.method !== 'GET');

describe('A reassigns through PagerDuty', () => {
  it('asks for an email, names the incident and the user, then sends the assignment with From', async () => {
    const h = await setup();
    await select(h, 2);
    press(h.stdin, 'A');
    await waitForFrame(h.lastFrame, (f) => f.includes('reassign to (email) for #2'));
    type(h.stdin, 'grace@example.com');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Reassign #2 to grace@example.com?'));
    expect(writes()).toEqual([]);
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('#2 reassigned to Grace Hopper'));
    const sent = writes();
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /incidents/PINC002']);
    expect(sent[0]!.headers.from).toBe(DEMO_FROM);
    expect(sent[0]!.body).toEqual({ incident: { type: 'incident_reference', assignments: [{ assignee: { id: 'PUSRGRC', type: 'user_reference' } }] } });
    expect(pd.state.incidents.find((i) => i.id === 'PINC002')!.assigneeIds).toEqual(['PUSRGRC']);
  });

  it('an unknown email is said on the status line and nothing is sent', async () => {
    const h = await setup();
    await select(h, 2);
    press(h.stdin, 'A');
    await waitForFrame(h.lastFrame, (f) => f.includes('reassign to (email) for #2'));
    type(h.stdin, 'nobody@example.com');
    press(h.stdin, 'enter', 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('no PagerDuty user with the email nobody@example.com'));
    expect(writes()).toEqual([]);
  });
});

describe('S snoozes through PagerDuty', () => {
  it('snoozes an acknowledged incident for the duration typed, and says until when', async () => {
    const h = await setup();
    await select(h, 3);
    press(h.stdin, 'S');
    await waitForFrame(h.lastFrame, (f) => f.includes('snooze for (1s to 7d) for #3'));
    type(h.stdin, '1h');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Snooze #3 for 1h?'));
    expect(writes()).toEqual([]);
    press(h.stdin, 'y');
    const until = new Date(T0 + 3_600_000).toISOString();
    await waitForFrame(h.lastFrame, (f) => f.includes('#3 snoozed for 1h'));
    expect(writes().map((r) => [`${r.method} ${r.path}`, r.body, r.headers.from])).toEqual([['POST /incidents/PINC003/snooze', { duration: 3600 }, DEMO_FROM]]);
    expect(pd.state.incidents.find((i) => i.id === 'PINC003')!.snoozedUntil?.toISOString()).toBe(until);
  });

  it('a 429 is reported on the status line with the wait, and nothing is snoozed', async () => {
    const h = await setup();
    await select(h, 3);
    press(h.stdin, 'S');
    await waitForFrame(h.lastFrame, (f) => f.includes('snooze for (1s to 7d) for #3'));
    type(h.stdin, '1h');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Snooze #3 for 1h?'));
    pd.rateLimitNext(1, 30);
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('PagerDuty is rate-limiting this token') && f.includes('wait for 30s'));
    expect(writes()).toEqual([]);
    expect(pd.state.incidents.find((i) => i.id === 'PINC003')!.snoozedUntil).toBeUndefined();
  });

  it('a triggered incident is refused before anything is sent', async () => {
    const h = await setup();
    await select(h, 5);
    press(h.stdin, 'S');
    await waitForFrame(h.lastFrame, (f) => f.includes('snooze for (1s to 7d) for #5'));
    type(h.stdin, '1h');
    press(h.stdin, 'enter', 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('PagerDuty snoozes acknowledged incidents only'));
    expect(writes()).toEqual([]);
  });
});

describe(':take through PagerDuty', () => {
  it('overrides the schedule where someone else holds the pager, until the end of their shift', async () => {
    const h = await setup();
    press(h.stdin, ':');
    type(h.stdin, 'take');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Take the pager on Payments Secondary from Grace Hopper'));
    expect(writes()).toEqual([]);
    press(h.stdin, 'y');
    const end = new Date(T0 + 16 * 3_600_000).toISOString();
    await waitForFrame(h.lastFrame, (f) => f.includes(`on call for Payments Secondary until ${end}`));
    expect(writes().map((r) => [`${r.method} ${r.path}`, r.body])).toEqual([
      ['POST /schedules/PSCHPA2/overrides', { overrides: [{ start: new Date(T0).toISOString(), end, user: { id: 'PUSRADA', type: 'user_reference' } }] }],
    ]);
  });
});
