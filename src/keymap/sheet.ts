import type { Binding } from './types.js';

/** The report and handover views (`:report`, `:handover`): read-only pages over the whole body. */
export const SHEET: readonly Binding[] = [
  { command: 'sheet.close', keys: ['esc', 'q'], description: 'Close the view, back to the dashboard', scope: 'sheet', hint: 'close', pinned: true },
  { command: 'sheet.down', keys: ['j', 'down'], description: 'Scroll down a line', scope: 'sheet', hint: 'scroll' },
  { command: 'sheet.up', keys: ['k', 'up'], description: 'Scroll up a line', scope: 'sheet' },
  { command: 'sheet.pageDown', keys: ['pagedown', 'space'], description: 'Scroll down a page', scope: 'sheet' },
  { command: 'sheet.pageUp', keys: ['pageup'], description: 'Scroll up a page', scope: 'sheet' },
  { command: 'sheet.top', keys: ['g', 'home'], description: 'Back to the top', scope: 'sheet' },
  { command: 'sheet.bottom', keys: ['G', 'end'], description: 'To the end', scope: 'sheet' },
  { command: 'sheet.reload', keys: ['r', 'ctrl-r'], description: 'Read the view again (the figures stay until the new ones are in)', scope: 'sheet', hint: 'reload' },
];
