/**
 * The SLO details view (`:slo`, enter) on the demo, in tmux: the lines of `oncall slo --explain`, laid
 * out one per row (a two-line query is two rows), scrolled with j/k, and given the body with z; and
 * the same lines as the CLI prints for the same SLO.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { exitStatus } from './helpers/dashboard.js';
import { startHeadlessDemo, type HeadlessDemo } from './helpers/headless-demo.js';
import { REPO } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let t: Tmux | undefined;
let demo: HeadlessDemo | undefined;

afterAll(async () => {
  await t?.kill();
  await demo?.stop();
});

const TITLE = 'API availability (api, config) — objective 99.95% over 30d';

it('shows the explain lines whole, scrolls with j/k and maximises with z', async () => {
  t = await startTmux({ columns: 132, rows: 40, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: REPO, LANG: 'C.UTF-8', NO_COLOR: '1' } });
  await t.run('node bin/oncall.js demo; echo "oncall exited $?"');
  await t.waitForScreen((s) => /firing/.test(s) && s.includes('API availab'), 'the demo dashboard with data', 30_000);
  let screen = await openApiDetails(t);
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

/** Opens the details of API availability: `:slo`, the cursor down to it, enter. */
async function openApiDetails(tmux: Tmux): Promise<string> {
  await tmux.keys(':');
  await tmux.type('slo');
  await tmux.waitForScreen((s) => /^:slo/m.test(s), 'the command typed');
  await tmux.keys('Enter');
  // The hints come back when the command line closes.
  const slos = await tmux.waitForScreen((s) => !/^:slo/m.test(s) && s.includes('q quit') && /^▶ ●/m.test(s), 'the command to run');
  // The SLOs are sorted worst first, and the demo's website reads at risk for an hour after one of its rare
  // failed probes (minutes fixed by the wall clock): go down as far as API availability is.
  const rows = slos.split('\n').filter((l) => /^[▶ ] ●/.test(l));
  const from = rows.findIndex((l) => l.startsWith('▶'));
  const to = rows.findIndex((l) => l.includes('API availab'));
  expect(to, frame(slos)).toBeGreaterThan(from);
  for (let i = from; i < to; i++) await tmux.keys('Down');
  await tmux.waitForScreen((s) => /^▶.*API availab/m.test(s), 'the cursor on API availability');
  await tmux.keys('Enter');
  return tmux.waitForScreen((s) => s.includes(TITLE) && s.includes('  compliance: '), 'the SLO details view');
}

it('shows the lines `oncall slo --explain` prints for the same SLO: title, queries, burn rates', async () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: REPO, LANG: 'C.UTF-8', NO_COLOR: '1' };
  demo = await startHeadlessDemo(env);
  await t?.kill();
  // Tall enough that the maximised details hold every explain line: nothing to scroll.
  t = await startTmux({ columns: 132, rows: 120, cwd: REPO, env: { ...env, ONCALL_CONFIG_DIR: demo.configDir } });
  await t.run('node bin/oncall.js; echo "oncall exited $?"');
  await t.waitForScreen((s) => /firing/.test(s) && s.includes('API availab'), 'the dashboard on the demo stack', 30_000);
  await openApiDetails(t);
  await t.keys('z');
  const pane = await t.waitForScreen((s) => /^ {2}burn rate 3d: /m.test(s) && !/more lines/.test(s), 'z to show every explain line');
  const rows = pane.split('\n').map((r) => r.trimEnd());

  const { stdout } = await promisify(execFile)(process.execPath, ['bin/oncall.js', 'slo', '--explain', 'API availability'], { cwd: REPO, env: { ...env, ONCALL_CONFIG_DIR: demo.configDir } });
  const cli = stdout.split('\n');
  expect(cli[0]).toBe(TITLE);
  expect(rows, frame(pane)).toContain(TITLE);
  // The queries are the same text, row for row, indented alike.
  const queries = cli.filter((l) => /^ {4}query {2}(bad|good): |^ {11}(total|good|bad): /.test(l));
  expect(queries.length).toBeGreaterThanOrEqual(16); // compliance and 7 burn windows, bad and total each
  for (const q of queries) expect(rows, `${q}\n${frame(pane)}`).toContain(q);
  // Each figure's heading, in the same order; the demo's counters move between the two reads, so a
  // figure is compared by its shape (1.41× and 1.42× alike), not its digits.
  const shape = (l: string) => l.replace(/\d+(\.\d+)?/g, '#');
  const headings = (lines: string[]) => lines.filter((l) => /^ {2}(compliance|burn rate \w+): /.test(l)).map(shape);
  expect(headings(cli)).toHaveLength(8);
  expect(headings(rows), frame(pane)).toEqual(headings(cli));
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
});
