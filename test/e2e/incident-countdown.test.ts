/**
 * The incident rows' response countdown as the terminal gets it (tmux capture-pane -e): an incident
 * past its ack target reads `!ack overdue …` in red, and with NO_COLOR the `!` still marks it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatus, openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
const sessions: Tmux[] = [];

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  for (const t of sessions) await t.kill();
  await stack?.stop();
});

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[([0-9;]*)m/g;

/** The SGR parameters in force where `text` starts on the row that holds it. */
function styleAt(screen: string, text: string): string[] {
  const line = screen.split('\n').find((r) => r.replace(SGR, '').includes(text)) ?? '';
  const at = line.indexOf(text);
  if (at < 0) return [];
  let last = '';
  for (const m of line.slice(0, at).matchAll(SGR)) last = m[1]!;
  return last.split(';');
}

/** PagerDuty has answered and #4's countdown is on screen. */
// Minutes pass while the suite runs: 7m at the stack's start, more on a slow machine.
const countdown = (s: string) => /pd ● ok/.test(s) && /#4 .*!ack overdue \d+m/.test(s);

async function terminal(): Promise<Tmux> {
  const t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  sessions.push(t);
  return t;
}

describe('incident countdowns in a real terminal', () => {
  // The demo account's #4 was opened 12 minutes ago with high urgency: 5 minutes to ack, so overdue.
  it('an overdue incident reads "!ack overdue" in red', async () => {
    const t = await terminal();
    const screen = await openDashboard(t, '', countdown, 'TERM=xterm-256color COLORTERM=truecolor');
    const plain = frame(screen);
    expect(plain.split('\n').find((l) => l.includes('#4 ')), plain).toMatch(/#4 +TRIG .*!ack overdue \d+m .*checkout-api error budg/);
    const escaped = await t.screenWithEscapes();
    const marker = /!ack overdue \d+m/.exec(frame(escaped).split('\n').find((l) => l.includes('#4 ')) ?? '')![0];
    expect(styleAt(escaped, marker), JSON.stringify(escaped.split('\n').find((r) => r.includes(marker)))).toContain('31');
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  });

  it('NO_COLOR: no colour, and the ! still marks the overdue rows', async () => {
    const t = await terminal();
    const screen = await openDashboard(t, '', countdown, 'NO_COLOR=1 TERM=xterm-256color');
    expect(await t.screenWithEscapes()).not.toMatch(/\u001b\[[0-9;]*3[1-7]m/);
    expect(screen).toMatch(/#4 +TRIG .*!ack overdue/);
    expect(screen).toMatch(/#3 +ACK .*resolve overdue|#3 +ACK .*resolve in/);
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  });
});
