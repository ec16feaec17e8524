/**
 * A source that has never answered is unknown, not empty: the built binary in tmux, with Alertmanager's
 * URL pointing at a port that hangs and at one that refuses, while PagerDuty and Prometheus answer.
 * Also: an incident's notes in its details.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';
import { openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
let t: Tmux | undefined;
let silent: Server;
const held: Socket[] = [];

beforeAll(async () => {
  stack = await startStack();
  // Takes connections and never answers: Alertmanager not reached yet.
  silent = createServer((s) => held.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
});

afterEach(async () => {
  await t?.kill();
  t = undefined;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((r) => silent?.close(r));
  await stack?.stop();
});

const answered = (s: string) => /pd ● ok/.test(s) && /prom ● ok/.test(s) && s.includes('p99 latency > 2s on /pay');

it('an Alertmanager that never answered reads unknown: not reached yet, then failing with the error', async () => {
  const port = (silent.address() as { port: number }).port;
  t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  const waiting = await openDashboard(t, `--alertmanager-url http://127.0.0.1:${port}`, (s) => answered(s) && s.includes('unknown: not reached yet'));
  expect(waiting, frame(waiting)).toMatch(/Alerts ─ \? firing/);
  expect(waiting).not.toMatch(/no firing alerts|0 firing/);
  await t.kill();

  const closed = await freePort();
  t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  const failing = await openDashboard(t, `--alertmanager-url http://127.0.0.1:${closed}`, (s) => answered(s) && s.includes('unknown: alertmanager failing:'));
  expect(failing, frame(failing)).toMatch(/am ● failing never ok/);
  expect(failing).toMatch(/Alerts ─ \? firing/);
  expect(failing).not.toMatch(/no firing alerts|STALE/);
});

it("enter on an incident shows its notes, newest first, with author", async () => {
  const now = Date.now();
  for (const i of stack.pd.state.incidents) {
    i.notes.push(
      { id: `${i.id}-N1`, content: 'first look: replica lagging', createdAt: new Date(now - 40 * 60_000), userId: 'PUSRGRC' },
      { id: `${i.id}-N2`, content: 'rolled back deploy 4512', createdAt: new Date(now - 3 * 60_000), userId: 'PUSRADA' },
    );
  }
  t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  await openDashboard(t, '', (s) => /pd ● ok/.test(s) && /#5\s+TRIG/.test(s));
  await t.keys('Tab');
  await t.keys('Enter');
  const details = await t.waitForScreen((s) => s.includes('rolled back deploy 4512') && s.includes('first look'), 'the notes in the details');
  expect(details, frame(details)).toMatch(/notes \(2, newest first\)/);
  expect(details).toMatch(/3m ago\s+Ada Lovelace/);
  expect(details.indexOf('rolled back deploy 4512')).toBeLessThan(details.indexOf('first look'));
});
