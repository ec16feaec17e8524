/**
 * Terminal escape builders for the runbook pane: OSC 52 puts text on the clipboard of the terminal
 * the user sits at (so it works over SSH), OSC 8 makes a clickable link. Pure string builders; the
 * caller writes them.
 */

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

export interface Osc52Options {
  /**
   * Inside tmux the sequence must be wrapped in a DCS passthrough (and tmux needs
   * `set -g allow-passthrough on`, or `set-clipboard on` which handles plain OSC 52 itself).
   */
  tmux?: boolean;
}

/** Copies `text` to the system clipboard ("c" selection). */
export function osc52(text: string, opts: Osc52Options = {}): string {
  const seq = `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
  // In a DCS passthrough every ESC of the inner sequence is doubled.
  return opts.tmux ? `${ESC}Ptmux;${seq.replaceAll(ESC, ESC + ESC)}${ST}` : seq;
}

/** Reads back the text of an OSC 52 sequence (plain or tmux-wrapped): for tests and diagnostics. */
export function decodeOsc52(seq: string): string | undefined {
  const m = /\]52;[a-z0-9]*;([A-Za-z0-9+/=]*)/.exec(seq);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : undefined;
}

/** Control characters in a URL or label would end the sequence early or inject another one. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** A hyperlink: `label` shown, `url` opened on click (terminals without OSC 8 show just the label). */
export function osc8(url: string, label: string = url): string {
  return `${ESC}]8;;${safe(url)}${ST}${safe(label)}${ESC}]8;;${ST}`;
}

/** True when $TMUX says we run inside tmux, so OSC 52 needs the passthrough wrapper. */
export function insideTmux(env: Record<string, string | undefined>): boolean {
  return Boolean(env.TMUX);
}
