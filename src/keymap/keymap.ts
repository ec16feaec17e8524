/**
 * Every key the dashboard answers, declared once. This table drives dispatch, the footer hints,
 * the `?` help overlay and docs/keys.md. Keys avoid ctrl-a/ctrl-b (tmux prefixes) and ctrl-d (vim).
 */

export type Scope = 'global' | 'list' | 'alerts' | 'incidents' | 'silences' | 'slo' | 'runbook' | 'confirm' | 'form';

export type Command =
  | 'help'
  | 'command'
  | 'filter'
  | 'quit'
  | 'refresh'
  | 'pause'
  | 'nextPane'
  | 'prevPane'
  | 'maximize'
  | 'back'
  | 'undo'
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'details'
  | 'mark'
  | 'alert.silence'
  | 'incident.ack'
  | 'incident.resolve'
  | 'incident.note'
  | 'silence.expire'
  | 'silence.extend'
  | 'runbook.focus'
  | 'runbook.up'
  | 'runbook.down'
  | 'runbook.top'
  | 'runbook.bottom'
  | 'runbook.done'
  | 'runbook.copy'
  | 'runbook.open'
  | 'runbook.left'
  | 'runbook.right'
  | 'runbook.back'
  | 'confirm.toggle'
  | 'confirm.accept'
  | 'confirm.yes'
  | 'confirm.cancel'
  | 'form.submit'
  | 'form.cancel'
  | 'form.next'
  | 'form.prev'
  | 'form.presetNext'
  | 'form.presetPrev';

export interface Binding {
  command: Command;
  keys: string[];
  description: string;
  scope: Scope;
  /** Short label for the footer; bindings without one are only in the help overlay. */
  hint?: string;
  /** Changes something on a server: gone from hints in read-only mode, and refused with a reason. */
  write?: boolean;
  /** Asks for confirmation, with Cancel focused. */
  dangerous?: boolean;
}

export const KEYMAP: readonly Binding[] = [
  { command: 'help', keys: ['?'], description: 'Show or hide this help', scope: 'global', hint: 'help' },
  { command: 'command', keys: [':'], description: 'Command mode: :alerts :incidents :silences :slo :ctx NAME :pause :q', scope: 'global', hint: 'cmd' },
  { command: 'filter', keys: ['/'], description: 'Filter the focused list: free text or matchers (severity=critical); /!text inverts', scope: 'global', hint: 'filter' },
  { command: 'nextPane', keys: ['tab'], description: 'Focus the next pane', scope: 'global', hint: 'pane' },
  { command: 'prevPane', keys: ['shift-tab'], description: 'Focus the previous pane', scope: 'global' },
  { command: 'maximize', keys: ['z', '+'], description: 'Maximise the focused pane, or restore it', scope: 'global', hint: 'zoom' },
  { command: 'refresh', keys: ['ctrl-r'], description: 'Refresh every source now', scope: 'global', hint: 'refresh' },
  { command: 'pause', keys: ['p'], description: 'Pause or resume polling', scope: 'global' },
  { command: 'undo', keys: ['u'], description: 'Undo the last silence (expire it)', scope: 'global', write: true },
  { command: 'back', keys: ['esc'], description: 'Back: close details, clear marks, then the filter', scope: 'global' },
  { command: 'quit', keys: ['q'], description: 'Quit', scope: 'global', hint: 'quit' },

  { command: 'up', keys: ['k', 'up'], description: 'Move up', scope: 'list' },
  { command: 'down', keys: ['j', 'down'], description: 'Move down', scope: 'list' },
  { command: 'top', keys: ['g', 'home'], description: 'First row', scope: 'list' },
  { command: 'bottom', keys: ['G', 'end'], description: 'Last row', scope: 'list' },
  { command: 'pageUp', keys: ['pageup'], description: 'Page up', scope: 'list' },
  { command: 'pageDown', keys: ['pagedown'], description: 'Page down', scope: 'list' },
  { command: 'details', keys: ['enter'], description: 'Open details of the selection (labels, annotations, links, related)', scope: 'list', hint: 'details' },
  { command: 'mark', keys: ['space'], description: 'Mark or unmark the row for a bulk action', scope: 'list', hint: 'mark' },
  { command: 'runbook.focus', keys: ['R'], description: "Go to the runbook of the selected alert or incident, its values filled in", scope: 'list', hint: 'runbook' },

  { command: 'alert.silence', keys: ['s'], description: 'Silence the selected or marked alerts (a group header silences the group)', scope: 'alerts', hint: 'silence', write: true },
  { command: 'incident.ack', keys: ['a'], description: 'Acknowledge the selected or marked incidents', scope: 'incidents', hint: 'ack', write: true },
  { command: 'incident.resolve', keys: ['r'], description: 'Resolve the selected or marked incidents', scope: 'incidents', hint: 'resolve', write: true, dangerous: true },
  { command: 'incident.note', keys: ['n'], description: 'Add a note to the selected or marked incidents', scope: 'incidents', hint: 'note', write: true },
  { command: 'silence.expire', keys: ['x'], description: 'Expire the selected or marked silences', scope: 'silences', hint: 'expire', write: true, dangerous: true },
  { command: 'silence.extend', keys: ['e'], description: 'Extend the selected or marked silences by 1h', scope: 'silences', hint: 'extend', write: true },

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

export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  list: 'Lists',
  alerts: 'Alerts pane',
  incidents: 'Incidents pane',
  silences: 'Silences view',
  slo: 'SLO strip',
  runbook: 'Runbook pane',
  confirm: 'Confirmation dialog',
  form: 'Silence form',
};

/** The first binding for `key` among `scopes`, searched in the order given (most specific first). */
export function resolveKey(key: string, scopes: readonly Scope[], table: readonly Binding[] = KEYMAP): Binding | undefined {
  for (const scope of scopes) {
    const hit = table.find((b) => b.scope === scope && b.keys.includes(key));
    if (hit) return hit;
  }
  return undefined;
}

/** Footer hints for the scopes in play; write commands vanish in read-only mode. */
export function hints(scopes: readonly Scope[], readOnly: boolean, table: readonly Binding[] = KEYMAP): Array<{ key: string; label: string }> {
  return scopes.flatMap((scope) =>
    table.filter((b) => b.scope === scope && b.hint && !(readOnly && b.write)).map((b) => ({ key: b.keys[0]!, label: b.hint! })),
  );
}

/** Why a command cannot run now, or undefined if it can. */
export function disabledReason(binding: Binding, ctx: { readOnly: boolean; readOnlyReason?: string }): string | undefined {
  if (binding.write && ctx.readOnly) return `read-only (${ctx.readOnlyReason ?? 'read-only mode'}): ${binding.hint ?? binding.command} is disabled`;
  return undefined;
}
