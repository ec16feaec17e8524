import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatus } from './helpers/dashboard.js';
import { assertBuilt, REPO } from './helpers/stack.js';
import { clipboard, keepClipboard, selectRow } from './helpers/clipboard.js';
import { startTmux, type Tmux } from './helpers/tmux.js';

/**
 * The demo's runbooks are templates, as real ones are: one ErrorBudgetBurn runbook serves the
 * payments alert and the api alert, and each shows (and copies) its own service. The copy is read
 * back from tmux's paste buffer (`set-clipboard on` makes tmux take the OSC 52 sequence).
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

describe('the demo runbooks', () => {
  it("fill in the selected alert's values, on screen and in what c copies", async () => {
    t = await startTmux({ columns: 140, rows: 45, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, TERM: 'xterm-256color', TMPDIR: tmp } });
    await keepClipboard(t);
    await t.run('node bin/oncall.js demo; echo "oncall exited $?"');
    await t.waitForScreen((s) => s.includes('ErrorBudgetBurn · api') && /on call:/.test(s), 'the demo dashboard with data', 30_000);

    await selectRow(t, 'ErrorBudgetBurn · payments');
    let screen = await t.waitForScreen((s) => s.includes('`deployctl freeze payments`'), 'the payments runbook filled in', 20_000);
    expect(screen).toContain('Service: payments');
    expect(screen).not.toContain('<service>');

    await selectRow(t, 'ErrorBudgetBurn · api');
    screen = await t.waitForScreen((s) => s.includes('`deployctl freeze api`'), 'the same runbook filled in for api');
    expect(screen).toContain('Service: api');

    await t.keys('R');
    await t.waitForScreen((s) => s.includes('esc back') && s.includes('space done'), 'the runbook focused');
    await t.keys('j', 'c');
    await t.waitForScreen((s) => s.includes('copied: deployctl freeze api'), 'the copy confirmed');
    expect(await clipboard(t)).toBe('deployctl freeze api');

    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('esc back'), 'back to the list');
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  }, 120_000);
});
