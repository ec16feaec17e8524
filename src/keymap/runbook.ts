import type { Binding } from './types.js';

/** The runbook pane (R, or tab from the details): a cursor over the runbook's steps. */
export const RUNBOOK: readonly Binding[] = [
  { command: 'runbook.up', keys: ['k', 'up'], description: 'Previous step', scope: 'runbook' },
  { command: 'runbook.down', keys: ['j', 'down'], description: 'Next step', scope: 'runbook' },
  { command: 'runbook.top', keys: ['g', 'home'], description: 'First step', scope: 'runbook' },
  { command: 'runbook.bottom', keys: ['G', 'end'], description: 'Last step', scope: 'runbook' },
  { command: 'runbook.done', keys: ['space'], description: 'Mark the step done, or not done (kept per alert for the session)', scope: 'runbook', hint: 'done' },
  { command: 'runbook.copy', keys: ['c'], description: "Copy the step's command to the clipboard (OSC 52: works over SSH and in tmux)", scope: 'runbook', hint: 'copy' },
  { command: 'runbook.open', keys: ['o'], description: 'Open the runbook: a link to click (OSC 8), or its URL in the status line', scope: 'runbook', hint: 'open' },
  { command: 'runbook.left', keys: ['h', 'left'], description: 'Scroll long command lines left', scope: 'runbook' },
  { command: 'runbook.right', keys: ['l', 'right'], description: 'Scroll long command lines right (commands are never wrapped)', scope: 'runbook' },
  { command: 'runbook.back', keys: ['esc'], description: 'Back to the list', scope: 'runbook', hint: 'back' },
];
