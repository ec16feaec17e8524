import { insideTmux, osc52 } from '../domain/runbook/terminal.js';

/**
 * What `c` writes to put text on the clipboard of the terminal the user sits at (OSC 52 travels
 * over SSH like any output). Inside tmux two forms go out, because which one arrives depends on the
 * user's tmux settings: the DCS passthrough form reaches the outer terminal with
 * `allow-passthrough on`; the plain form is taken by tmux itself with `set-clipboard on` (a tmux
 * buffer, forwarded to the outer terminal when it can). With neither setting tmux drops both, and
 * nothing reaches the screen.
 */
export function clipboardSequence(text: string, env: Record<string, string | undefined>): string {
  return insideTmux(env) ? osc52(text, { tmux: true }) + osc52(text) : osc52(text);
}

/** A command as one status-line phrase: its first line, and how many more there are. */
export function commandSummary(command: string): string {
  const lines = command.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0]?.trim() ?? '';
  return lines.length > 1 ? `${first} (+${lines.length - 1} more line${lines.length > 2 ? 's' : ''})` : first;
}
