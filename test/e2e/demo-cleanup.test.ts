import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../helpers/net.js';
import { assertBuilt, REPO } from './helpers/stack.js';
import { isRunning, startTmux, type Tmux } from './helpers/tmux.js';

/**
 * `oncall demo` writes a config folder and a runbooks folder under TMPDIR. A dropped SSH session
 * (the terminal hangs up) must not leave them behind, although every write to the terminal then
 * fails, and the process ends as a hang-up ends a program: status 129, not a crash.
 */
let t: Tmux | undefined;
let tmp: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await mkdtemp(join(tmpdir(), 'oncall-e2e-tmp-'));
});

afterAll(async () => {
  await t?.kill();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it('removes its temporary folders and exits 129 when the terminal hangs up', async () => {
  t = await startTmux({ columns: 100, rows: 30, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, TERM: 'xterm-256color', TMPDIR: tmp } });
  const status = join(tmp, 'exit-status');
  await t.run(`node test/e2e/helpers/exit-status.mjs ${status} node bin/oncall.js demo`);
  await t.waitForScreen((s) => /firing/.test(s) && /on call:/.test(s), 'the demo dashboard with data', 30_000);
  expect((await readdir(tmp)).filter((n) => n.startsWith('oncall-demo-')).length).toBe(2);
  const [recorder] = await t.children();
  await t.hangUp();
  await pollUntil(() => existsSync(status), 'the demo to exit after the hang-up', 10_000);
  expect(await readFile(status, 'utf8')).toBe('129 null');
  expect((await readdir(tmp)).filter((n) => n.startsWith('oncall-demo-'))).toEqual([]);
  await pollUntil(() => !isRunning(recorder!), 'the exit-status recorder to end', 5_000);
});
