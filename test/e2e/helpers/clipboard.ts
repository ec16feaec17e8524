import { execFile } from 'node:child_process';
import { frame, type Tmux } from './tmux.js';

/**
 * For tests of the runbook pane: move the list cursor to a row, and read what `c` copied. The tmux
 * server runs with `set-clipboard on`, so tmux takes the OSC 52 sequence the dashboard writes and keeps
 * its text as a paste buffer: proof the sequence went out whole through a real pseudo-terminal.
 */

function tmux(t: Tmux, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tmux', ['-L', t.socket, ...args], { timeout: 10_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout)));
  });
}

export async function keepClipboard(t: Tmux): Promise<void> {
  await tmux(t, ['set-option', '-g', 'set-clipboard', 'on']);
}

/** The text of the last copy tmux took. */
export async function clipboard(t: Tmux): Promise<string> {
  return (await tmux(t, ['show-buffer'])).trim();
}

/** The screen row the list cursor is on. */
const cursorRow = (screen: string) => screen.split('\n').find((r) => r.startsWith('▶')) ?? '';

/** From the top of the list, moves down until the cursor's row shows `text`; answers that screen. */
export async function selectRow(t: Tmux, text: string, maxRows = 40): Promise<string> {
  await t.keys('g');
  for (let i = 0; i < maxRows; i++) {
    const screen = await t.screen();
    if (cursorRow(screen).includes(text)) return screen;
    await t.keys('j');
    await t.waitForScreen((s) => s !== screen, 'the cursor to move');
  }
  throw new Error(`no row with ${text}:\n${frame(await t.screen())}`);
}
