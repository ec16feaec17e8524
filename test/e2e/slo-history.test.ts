/**
 * The SLO details on the demo, in tmux: opening them reads the SLO's history from the demo's Prometheus
 * (the same range queries as `oncall slo --history 30d`) and shows the ongoing breach of Transaction success.
 */
import { afterAll, expect, it } from 'vitest';
import { exitStatus } from './helpers/dashboard.js';
import { REPO } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let t: Tmux | undefined;

afterAll(async () => {
  await t?.kill();
});

it('shows the breached SLO\'s history: its ongoing breach, bad stretches, outages and worst compliance', async () => {
  t = await startTmux({ columns: 132, rows: 40, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: REPO, LANG: 'C.UTF-8', NO_COLOR: '1' } });
  await t.run('node bin/oncall.js demo; echo "oncall exited $?"');
  await t.waitForScreen((s) => /firing/.test(s) && s.includes('Transaction s'), 'the demo dashboard with data', 30_000);
  await t.keys(':');
  await t.type('slo');
  await t.waitForScreen((s) => /^:slo/m.test(s), 'the command typed');
  await t.keys('Enter');
  // The breached SLO sorts first, under the cursor.
  await t.waitForScreen((s) => /^▶.*BREACHED.*Transaction s/m.test(s), 'the cursor on Transaction success');
  await t.keys('Enter');
  const screen = await t.waitForScreen((s) => /breaches \(30d compliance below 99\.8%\): 1/.test(s) && /outages \(1h SLI below 99\.5%\)/.test(s), 'the history in the details', 20_000);
  expect(screen, frame(screen)).toMatch(/^ {4}\d{4}-\d\d-\d\d \d\d:\d\d → ongoing {2}\S+ so far/m);
  expect(screen).toMatch(/^ {2}worst 30d compliance: 99\.\d+% at \d{4}-\d\d-\d\d \d\d:\d\d/m);
  expect(screen).toMatch(/^ {2}bad stretches \(1h SLI below 99\.8%\): \d+/m);
  expect(screen).not.toMatch(/not read/);
  expect(screen).toMatch(/budget exhausted since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await t.keys('Escape');
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
});
