import type { Command } from '../keymap/keymap.js';
import { MODE_HANDLERS } from './modes.js';
import { NORMAL_HANDLERS } from './normal.js';
import { RUNBOOK_HANDLERS } from './runbook.js';
import { SHEET_HANDLERS } from './sheet.js';
import type { Handler } from './types.js';
import { WORD_HANDLERS } from './words.js';

/**
 * What each command of the keymap does, keyed by the same commands and split as the keymap is
 * (normal, runbook, sheet, modes, words). The type makes every command have a handler; a test checks that
 * every handler has a binding or a word, and every binding and word a handler.
 */
export const HANDLERS: Record<Command, Handler> = { ...NORMAL_HANDLERS, ...RUNBOOK_HANDLERS, ...SHEET_HANDLERS, ...MODE_HANDLERS, ...WORD_HANDLERS };
