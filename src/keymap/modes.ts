import { TYPING, type Binding } from './types.js';

/** The keys of every mode that is not the lists: help, the typed line, dialogs and the form. */
export const MODES: readonly Binding[] = [
  // Raw mode swallows SIGINT, so ctrl-c is a key like any other: it quits from anywhere, even mid-typing.
  { command: 'interrupt', keys: ['ctrl-c'], description: 'Quit from anywhere, even while typing or in a dialog', scope: 'always' },

  { command: 'help.close', keys: ['esc', '?', 'q', 'enter'], description: 'Close the help', scope: 'help' },
  { command: 'help.down', keys: ['j', 'down'], description: 'Scroll down a line', scope: 'help' },
  { command: 'help.up', keys: ['k', 'up'], description: 'Scroll up a line', scope: 'help' },
  { command: 'help.pageDown', keys: ['pagedown', 'space'], description: 'Scroll down a page', scope: 'help' },
  { command: 'help.pageUp', keys: ['pageup'], description: 'Scroll up a page', scope: 'help' },
  { command: 'help.top', keys: ['g', 'home'], description: 'Back to the top', scope: 'help' },

  { command: 'prompt.submit', keys: ['enter'], description: 'Apply the filter, run the command, or send the note', scope: 'prompt' },
  { command: 'prompt.cancel', keys: ['esc'], description: 'Close the line; in a filter, clear it too', scope: 'prompt' },

  { command: 'edit.type', keys: [TYPING], description: 'Type: the character goes at the end of the line or field', scope: 'edit' },
  { command: 'edit.backspace', keys: ['backspace'], description: 'Delete the last character', scope: 'edit' },
  { command: 'edit.clear', keys: ['ctrl-u'], description: 'Clear the line or field', scope: 'edit' },

  { command: 'confirm.toggle', keys: ['tab', 'left', 'right', 'h', 'l'], description: 'Move between Cancel and the action', scope: 'confirm' },
  { command: 'confirm.accept', keys: ['enter'], description: 'Press the focused button (Cancel is focused first)', scope: 'confirm', hint: 'press' },
  { command: 'confirm.yes', keys: ['y'], description: 'Confirm the action', scope: 'confirm', hint: 'yes' },
  { command: 'confirm.cancel', keys: ['esc', 'n'], description: 'Cancel', scope: 'confirm', hint: 'cancel' },

  { command: 'form.submit', keys: ['enter'], description: 'Submit the form', scope: 'form', hint: 'submit' },
  { command: 'form.cancel', keys: ['esc'], description: 'Close the form without sending anything', scope: 'form', hint: 'cancel' },
  { command: 'form.next', keys: ['tab', 'down'], description: 'Next field', scope: 'form', hint: 'next field' },
  { command: 'form.prev', keys: ['shift-tab', 'up'], description: 'Previous field', scope: 'form' },
  { command: 'form.presetNext', keys: ['right'], description: 'Next duration preset (15m, 1h, 4h, custom)', scope: 'form', hint: 'duration' },
  { command: 'form.presetPrev', keys: ['left'], description: 'Previous duration preset', scope: 'form' },
];
