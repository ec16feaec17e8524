/**
 * Colour as the terminal gets it (tmux capture-pane -e): on wherever the terminal takes it, off with
 * NO_COLOR or --no-color, and focus that still shows without colour.
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

async function terminal(): Promise<Tmux> {
  const t = await startTmux({ columns: 120, rows: 36, cwd: REPO, env: stack.env });
  sessions.push(t);
  return t;
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[([0-9;]*)m/g;

/** The colour parameters (foreground, background, 256 and truecolor) of every SGR sequence in `text`. */
function colourCodes(text: string): string[] {
  const codes: string[] = [];
  for (const m of text.matchAll(SGR)) {
    const params = m[1]!.split(';').map(Number);
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p === 38 || p === 48) {
        codes.push(params.slice(i, i + (params[i + 1] === 5 ? 3 : 5)).join(';'));
        i += params[i + 1] === 5 ? 2 : 4;
      } else if ((p >= 30 && p <= 37) || (p >= 40 && p <= 47) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107)) codes.push(String(p));
    }
  }
  return codes;
}

function row(screen: string, text: string): string {
  return screen.split('\n').find((r) => r.replace(SGR, '').includes(text)) ?? '';
}

async function quit(t: Tmux): Promise<void> {
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
}

describe('colour wherever the terminal takes it', () => {
  it.each([
    { term: 'xterm-256color', colorterm: 'truecolor' },
    { term: 'tmux-256color', colorterm: 'truecolor' },
    { term: 'xterm-256color', colorterm: '' },
  ])('TERM=$term COLORTERM=$colorterm: a critical row is red', async ({ term, colorterm }) => {
    const t = await terminal();
    await openDashboard(t, '', undefined, `TERM=${term} COLORTERM=${colorterm}`);
    const screen = await t.screenWithEscapes();
    const critical = row(screen, 'DiskAlmostFull');
    expect(colourCodes(critical), `no red on the critical row:\n${JSON.stringify(critical)}`).toContain('31');
    await quit(t);
  });
});

describe('no colour when asked', () => {
  it.each([
    { how: 'NO_COLOR=1', prefix: 'NO_COLOR=1 TERM=xterm-256color COLORTERM=truecolor', args: '' },
    { how: '--no-color', prefix: 'TERM=xterm-256color COLORTERM=truecolor', args: '--no-color' },
    { how: 'TERM=dumb', prefix: 'TERM=dumb', args: '' },
  ])('$how: not one colour on screen', async ({ prefix, args }) => {
    const t = await terminal();
    await openDashboard(t, args, undefined, prefix);
    const screen = await t.screenWithEscapes();
    expect(colourCodes(screen), frame(screen)).toEqual([]);
    await quit(t);
  });

  it('NO_COLOR=1: the focused button and the chosen preset are marked in text', async () => {
    const t = await terminal();
    await openDashboard(t, '', undefined, 'NO_COLOR=1 TERM=xterm-256color');
    // Resolve the first incident: the dialog opens with Cancel focused.
    await t.keys('Tab', 'r');
    let screen = await t.waitForScreen((s) => s.includes('Resolve incident'), 'the confirm dialog');
    expect(screen).toContain('[ Cancel ]');
    expect(screen).toContain('  Yes, do it  ');
    expect(screen).not.toContain('[ Yes, do it ]');
    await t.keys('Tab');
    screen = await t.waitForScreen((s) => s.includes('[ Yes, do it ]'), 'focus on Yes');
    expect(screen).not.toContain('[ Cancel ]');
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('Yes, do it'), 'the dialog to close');
    // The silence form: the default duration is the chosen preset.
    await t.keys('BTab');
    await t.keys('g', 'j', 's');
    screen = await t.waitForScreen((s) => s.includes('New silence'), 'the silence form');
    expect(screen).toMatch(/>1h</);
    expect(screen).not.toMatch(/>15m<|>4h</);
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('New silence'), 'the form to close');
    await quit(t);
  });
});
