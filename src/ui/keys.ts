import type { Key } from 'ink';
import type { KeyPress } from '../dispatch/types.js';

/**
 * Ink hands over a burst of plain characters as one input (typing fast over SSH, key repeat, paste);
 * each character is a key press of its own.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
  // Esc then a key in one packet (fast typing, SSH latency) arrives as "alt+key" (for keys other than
  // letters and digits only in the bundles: inkEscapeThenKey in scripts/build-bundle.mjs). No binding
  // uses alt, so it is what the user pressed: esc, then the key.
  const arrows = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end;
  if (key.meta && !key.escape && !key.ctrl && !arrows && [...input].length === 1) {
    return [{ name: 'esc' }, keyPress(input, { ...key, meta: false })];
  }
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.return || key.escape || key.tab || key.backspace || key.delete || key.ctrl || key.meta;
  if (!special && [...input].length > 1) return [...input].map(charPress);
  return [keyPress(input, key)];
}

/** One character of a burst, named as Ink would name it alone ("\r" is enter, "\x12" is ctrl-r). */
function charPress(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return { name: 'enter' };
  if (ch === '\t') return { name: 'tab' };
  if (ch === '\u007f' || ch === '\b') return { name: 'backspace' };
  const code = ch.charCodeAt(0);
  if (code > 0 && code < 27) return { name: `ctrl-${String.fromCharCode(code + 96)}` };
  if (ch === ' ') return { name: 'space', text: ' ' };
  return { name: ch, text: ch };
}

/** Ink's key event as the keymap names keys: 'j', 'G', 'enter', 'esc', 'ctrl-r', 'shift-tab', 'space'. */
export function keyPress(input: string, key: Key): KeyPress {
  const name = keyName(input, key);
  return key.ctrl || key.meta ? { name } : { name, text: input };
}

function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  // Most terminals send DEL (0x7f) for the backspace key, which Ink reports as delete.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  if (key.meta && input) return `meta-${input}`;
  if (input === ' ') return 'space';
  return input;
}
