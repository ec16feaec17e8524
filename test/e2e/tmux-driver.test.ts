/** The tmux driver itself: the checks the end-to-end tests rely on can fail, and nothing is left running. */
import { afterEach, describe, expect, it } from 'vitest';
import { displayWidth, isRunning, startTmux, type Tmux } from './helpers/tmux.js';

let t: Tmux | undefined;

afterEach(async () => {
  await t?.kill();
  t = undefined;
});

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' };

describe('tmux driver', () => {
  it('shows a line written wider than the pane whole, so an overlong line is caught', async () => {
    t = await startTmux({ columns: 40, rows: 10, cwd: '/tmp', env });
    await t.run(`printf 'x%.0s' $(seq 1 55); echo '|end'`);
    await t.waitForScreen((s) => s.includes('|end'), 'the long line');
    const widths = (await t.joinedLines()).map((l) => displayWidth(l.trimEnd()));
    expect(widths).toContain(59);
  });

  it('fails a wait with the last screen in the message', async () => {
    t = await startTmux({ columns: 40, rows: 5, cwd: '/tmp', env });
    await t.run('echo visible-marker');
    await expect(t.waitForScreen((s) => s.includes('never-there'), 'something absent', 300)).rejects.toThrow(/something absent[\s\S]*visible-marker/);
  });

  it('kill() ends what the shell runs, even a process that ignores the hangup', async () => {
    t = await startTmux({ columns: 40, rows: 5, cwd: '/tmp', env });
    await t.run(`(trap '' HUP; exec sleep 300)`);
    let pids: number[] = [];
    const deadline = Date.now() + 10_000;
    while (pids.length === 0 && Date.now() < deadline) pids = await t.children();
    expect(pids).toHaveLength(1);
    await t.kill();
    t = undefined;
    expect(isRunning(pids[0]!)).toBe(false);
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('─ ● ▶ …')).toBe(7);
    expect(displayWidth('日本')).toBe(4);
  });
});
