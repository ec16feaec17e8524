import type { Key } from 'ink';
import type { KeyPress } from './controller.js';

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
