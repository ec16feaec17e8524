/** The shape of the keymap: data only, so dispatch, hints, the help overlay and docs/keys.md share it. */

/**
 * Where a binding applies. A mode asks the scopes in order (see `scopesFor` in src/dispatch), so the
 * first scope that binds a key wins: the confirm dialog's `enter` before the list's.
 */
export type Scope =
  | 'always'
  | 'global'
  | 'list'
  | 'alerts'
  | 'incidents'
  | 'silences'
  | 'slo'
  | 'runbook'
  | 'help'
  | 'sheet'
  | 'prompt'
  | 'edit'
  | 'confirm'
  | 'form';

export type Command =
  // Normal mode: everywhere, lists, and each pane's writes.
  | 'help' | 'command' | 'filter' | 'quit' | 'refresh' | 'pause' | 'nextPane' | 'prevPane' | 'maximize' | 'back' | 'undo'
  | 'up' | 'down' | 'top' | 'bottom' | 'pageUp' | 'pageDown' | 'details' | 'mark' | 'timeline'
  | 'alert.silence' | 'alert.ack' | 'incident.ack' | 'incident.resolve' | 'incident.note' | 'silence.expire' | 'silence.extend'
  | 'incident.escalate' | 'incident.reassign' | 'incident.snooze' | 'incident.priority' | 'incident.merge'
  // ctrl-c, from anywhere.
  | 'interrupt'
  // The runbook pane.
  | 'runbook.focus' | 'runbook.up' | 'runbook.down' | 'runbook.top' | 'runbook.bottom' | 'runbook.done' | 'runbook.copy'
  | 'runbook.open' | 'runbook.left' | 'runbook.right' | 'runbook.back'
  // The help overlay.
  | 'help.close' | 'help.up' | 'help.down' | 'help.pageUp' | 'help.pageDown' | 'help.top'
  // The report and handover views.
  | 'sheet.close' | 'sheet.up' | 'sheet.down' | 'sheet.pageUp' | 'sheet.pageDown' | 'sheet.top' | 'sheet.bottom' | 'sheet.reload'
  // The line typed after `/`, `:` or `n`.
  | 'prompt.submit' | 'prompt.cancel'
  // Text editing, in the prompt line and in the form's fields.
  | 'edit.type' | 'edit.backspace' | 'edit.clear'
  // The confirmation dialog.
  | 'confirm.toggle' | 'confirm.accept' | 'confirm.yes' | 'confirm.cancel'
  // The silence form.
  | 'form.submit' | 'form.cancel' | 'form.next' | 'form.prev' | 'form.presetNext' | 'form.presetPrev'
  // `:` command words.
  | 'show.alerts' | 'show.incidents' | 'show.silences' | 'show.slo' | 'show.report' | 'show.handover' | 'context' | 'pause.on' | 'pause.off' | 'take';

/** The key name that stands for any printable character (typing into a line or a field). */
export const TYPING = 'char';

export interface Binding {
  command: Command;
  /** As the UI names keys: 'j', 'G', 'enter', 'esc', 'ctrl-r', 'shift-tab', 'space'; `char` is any typed character. */
  keys: string[];
  description: string;
  scope: Scope;
  /** Short label for the footer; bindings without one are only in the help overlay. */
  hint?: string;
  /** The footer keeps this hint at every width (quit and help must never scroll off). */
  pinned?: boolean;
  /** Changes something on a server: gone from hints in read-only mode, and refused with a reason. */
  write?: boolean;
  /** Asks for confirmation, with Cancel focused. */
  dangerous?: boolean;
}

/** A word typed after `:` (`:alerts`, `:ctx prod`). */
export interface Word {
  command: Command;
  words: string[];
  /** What follows the word, as shown in help: `NAME`. */
  args?: string;
  description: string;
}
