import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../helpers/net.js';
import { assertBuilt, REPO } from './helpers/stack.js';
import { isRunning, startTmux, type Tmux } from './helpers/tmux.js';

/**
 * `oncall demo` writes a config folder and a runbooks folder under TMPDIR. A dropped SSH session
 * (the terminal hangs up) must not leave them behind, although Ink's last write then fails hard.
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

it('removes its temporary folders when the terminal hangs up', async () => {
  t = await startTmux({ columns: 100, rows: 30, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, TERM: 'xterm-256color', TMPDIR: tmp } });
  await t.run('node bin/oncall.js demo');
  await t.waitForScreen((s) => /firing/.test(s) && /on call:/.test(s), 'the demo dashboard with data', 30_000);
  expect((await readdir(tmp)).filter((n) => n.startsWith('oncall-demo-')).length).toBe(2);
  const [pid] = await t.children();
  await t.hangUp();
  await pollUntil(() => !isRunning(pid!), 'the demo to exit after the hang-up', 10_000);
  expect((await readdir(tmp)).filter((n) => n.startsWith('oncall-demo-'))).toEqual([]);
});
