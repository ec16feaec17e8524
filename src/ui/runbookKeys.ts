import { renderRunbookLines } from '../domain/runbook/render.js';
import { stepCommand } from '../domain/runbook/template.js';
import type { Command } from '../keymap/keymap.js';
import type { RunbookCache } from '../state/runbooks.js';
import { runbookView, selectedStep, type RunbookView } from '../state/runbookView.js';
import type { Store } from '../state/store.js';
import { clipboardSequence, commandSummary } from './clipboard.js';

/** The runbook pane's keys: step cursor, done marks, copy (OSC 52), open link, sideways scroll. Ink-free. */

export interface RunbookKeyDeps {
  store: Store;
  runbooks?: RunbookCache;
  /** Writes a control sequence to the terminal outside the frame (the OSC 52 of `c`). */
  emit?(sequence: string): void;
  /** $TMUX decides the OSC 52 form. */
  env?: Record<string, string | undefined>;
  ascii?: boolean;
}

const SHIFT_COLUMNS = 8;

/** The longest code line: how far sideways scrolling can go. Code lines do not depend on the width. */
function widestCode(view: RunbookView): number {
  if (!view.runbook) return 0;
  return Math.max(0, ...renderRunbookLines(view.runbook, { width: 80 }).filter((l) => l.nowrap).map((l) => l.text.length));
}

export function runbookKey(command: Command, deps: RunbookKeyDeps): void {
  const { store } = deps;
  const say = (text: string, tone: 'info' | 'ok' | 'error' = 'info', link?: string) => store.dispatch({ type: 'status', text, tone, ...(link ? { link } : {}) });
  const state = store.getState();
  if (command === 'runbook.back') return store.dispatch({ type: 'runbookFocus', focused: false });
  if (command === 'runbook.focus') {
    if (!deps.runbooks || !state.runbook.enabled) return say('runbooks are not available in this session', 'error');
    if (state.focus !== 'alerts' && state.focus !== 'incidents') return say('runbooks belong to alerts and incidents: select one first', 'error');
    return store.dispatch({ type: 'runbookFocus', focused: true });
  }
  const view = runbookView(state, deps.runbooks, { ascii: deps.ascii });
  const subject = view.subject;
  if (!subject) return say('no alert or incident selected', 'error');
  const index = selectedStep(state, view);
  const step = view.steps[index];
  const move = (to: number) => store.dispatch({ type: 'runbookStep', subject: subject.key, step: Math.max(0, Math.min(to, view.steps.length - 1)) });
  switch (command) {
    case 'runbook.up':
      return move(index - 1);
    case 'runbook.down':
      return move(index + 1);
    case 'runbook.top':
      return move(0);
    case 'runbook.bottom':
      return move(view.steps.length - 1);
    case 'runbook.left':
    case 'runbook.right': {
      const shift = state.runbook.subject === subject.key ? state.runbook.shift : 0;
      const max = Math.max(0, widestCode(view) - SHIFT_COLUMNS);
      const next = command === 'runbook.left' ? shift - SHIFT_COLUMNS : Math.min(max, shift + SHIFT_COLUMNS);
      return store.dispatch({ type: 'runbookShift', subject: subject.key, shift: next });
    }
    case 'runbook.done': {
      if (!step || !deps.runbooks) return say(view.result ? 'this runbook has no steps to mark' : 'the runbook is still loading', 'error');
      const done = deps.runbooks.toggleDone(subject.key, step.id);
      return say(`step ${index + 1} of ${view.steps.length} ${done ? 'done' : 'not done'}`, done ? 'ok' : 'info');
    }
    case 'runbook.copy': {
      if (!step) return say(view.result ? 'this runbook has no steps to copy from' : 'the runbook is still loading', 'error');
      const text = stepCommand(step);
      if (text === undefined) return say(`step ${index + 1} has no command to copy`, 'error');
      if (!deps.emit) return say('copying needs a terminal', 'error');
      deps.emit(clipboardSequence(text, deps.env ?? {}));
      // A marked placeholder copied along must not be run as is: say which ones need a value.
      const unfilled = view.missing.filter((m) => text.includes(`${m}?`));
      if (unfilled.length) return say(`copied: ${commandSummary(text)} (fill in ${unfilled.join(', ')} first)`, 'error');
      return say(`copied: ${commandSummary(text)}`, 'ok');
    }
    case 'runbook.open': {
      const link = view.result?.link;
      if (!link) return say(view.result ? 'this runbook has no link to open' : 'the runbook is still loading', 'error');
      return say('runbook: ', 'info', link);
    }
    default:
      return;
  }
}
