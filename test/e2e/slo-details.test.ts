/**
 * The SLO details view (`:slo`, enter) on the demo, in tmux: the lines of `oncall slo --explain`, laid
 * out one per row (a two-line query is two rows), scrolled with j/k, and given the body with z.
 */
import { afterAll, expect, it } from 'vitest';
import { exitStatus } from './helpers/dashboard.js';
import { REPO } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let t: Tmux | undefined;

afterAll(async () => {
  await t?.kill();
});

const TITLE = 'API availability (api, config) — objective 99.95% over 30d';

it('shows the explain lines whole, scrolls with j/k and maximises with z', async () => {
  t = await startTmux({ columns: 132, rows: 40, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: REPO, LANG: 'C.UTF-8', NO_COLOR: '1' } });
  await t.run('node bin/oncall.js demo; echo "oncall exited $?"');
  await t.waitForScreen((s) => /firing/.test(s) && s.includes('API availab'), 'the demo dashboard with data', 30_000);
  await t.keys(':');
  await t.type('slo');
  await t.waitForScreen((s) => /^:slo/m.test(s), 'the command typed');
  await t.keys('Enter');
  // The hints come back when the command line closes.
  await t.waitForScreen((s) => !/^:slo/m.test(s) && s.includes('q quit'), 'the command to run');
  await t.keys('Down');
  await t.waitForScreen((s) => /^▶.*API availab/m.test(s), 'the cursor on API availability');
  await t.keys('Enter');
  let screen = await t.waitForScreen((s) => s.includes(TITLE) && s.includes('  compliance: '), 'the SLO details view');
  const rows = screen.split('\n');
  // The title is the first row under the pane title, at column 0.
  expect(rows.findIndex((r) => r.startsWith(TITLE)), frame(screen)).toBe(rows.findIndex((r) => r.startsWith('─ Details')) + 1);
  expect(screen).toMatch(/^ {2}status (at risk|ok|breached|no data)/m);
  expect(screen).not.toContain('at_risk');
  // The second line of a query sits under the first, never at column 0 over another row.
  const queryRows = rows.filter((r) => /\b(bad|total|good): /.test(r) && !/^ {4}raw/.test(r));
  expect(queryRows.length, frame(screen)).toBeGreaterThan(1);
  for (const r of queryRows) expect(r, frame(screen)).toMatch(/^ {4}query {2}(bad|good): |^ {11}total: /);
  const more = (s: string) => Number(/… (\d+) more lines/.exec(s)?.[1] ?? 0);
  const before = more(screen);
  expect(before, 'the explain text is longer than the view').toBeGreaterThan(0);

  // z: the details take the body (the runbook below them goes), so more of them shows.
  await t.keys('z');
  screen = await t.waitForScreen((s) => more(s) > 0 && more(s) < before, 'z to give the details more rows');
  expect(screen).toContain(TITLE);
  // j scrolls: the title goes off the top; G shows the last figure; g brings the title back.
  await t.keys('j');
  screen = await t.waitForScreen((s) => !s.includes(TITLE), 'j to scroll the details');
  await t.keys('G');
  screen = await t.waitForScreen((s) => /burn rate 3d: /.test(s) && !/more lines/.test(s), 'G to show the end of the details');
  expect(screen).toMatch(/^ {11}total: sum\(increase\(http_requests_total\{job="api"\}\[3d\]\)\)/m);
  await t.keys('g');
  await t.waitForScreen((s) => s.includes(TITLE), 'g to show the top again');
  await t.keys('Escape');
  await t.waitForScreen((s) => !s.includes('─ Details ─ esc'), 'esc to close the details');
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
});
