/**
 * The dashboard under the debugging switches a user may have set: nothing it or Node writes to the
 * terminal carries the PagerDuty token. Every byte the pane receives is recorded (tmux pipe-pane),
 * so a line drawn over by the next frame is caught too.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../helpers/pagerduty-fake.js';
import { pollUntil } from '../helpers/net.js';
import { exitStatus, openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
let logDir: string;
const sessions: Tmux[] = [];

beforeAll(async () => {
  stack = await startStack();
  logDir = await mkdtemp(join(tmpdir(), 'oncall-e2e-pane-'));
});

afterAll(async () => {
  for (const t of sessions) await t.kill();
  await stack?.stop();
  if (logDir) await rm(logDir, { recursive: true, force: true });
});

/** A terminal whose every output byte is appended to the returned file. */
async function recordedTerminal(env: Record<string, string>): Promise<{ t: Tmux; log: string }> {
  const t = await startTmux({ columns: 120, rows: 35, cwd: REPO, env: { ...stack.env, ...env } });
  sessions.push(t);
  const log = join(logDir, `${t.socket}.log`);
  await new Promise<void>((done, fail) =>
    execFile('tmux', ['-L', t.socket, 'pipe-pane', '-o', '-t', `${t.socket}:0.0`, `cat >> ${log}`], (err) => (err ? fail(err) : done())),
  );
  return { t, log };
}

it.each(['*', 'follow-redirects'])('DEBUG=%s: the token never reaches the screen while the dashboard polls', async (debug) => {
  const { t, log } = await recordedTerminal({ DEBUG: debug });
  await openDashboard(t);
  // The fake records every request: let PagerDuty be polled a few more times with the screen up.
  const seen = stack.pd.requests.length;
  await pollUntil(() => stack.pd.requests.length >= seen + 6, 'six more PagerDuty requests');
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
  const bytes = await readFile(log, 'utf8');
  expect(bytes).toContain('Incidents'); // the recording does hold the dashboard
  expect(bytes.includes(DEMO_TOKEN), 'the PagerDuty token in what the pane received').toBe(false);
});

it('NODE_DEBUG=http: the dashboard does not start, says why in one line, and leaves the screen alone', async () => {
  const { t, log } = await recordedTerminal({ NODE_DEBUG: 'http' });
  await t.run('node bin/oncall.js; echo "oncall exited $?"');
  expect(await exitStatus(t)).toBe(2);
  const screen = await t.screen();
  expect(screen).toMatch(/^oncall: not starting with NODE_DEBUG set \(http\): Node would print request headers/m);
  expect((await readFile(log, 'utf8')).includes(DEMO_TOKEN), 'the PagerDuty token in what the pane received').toBe(false);
  expect(await t.format('#{alternate_on}')).toBe('0');
});
