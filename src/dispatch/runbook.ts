import { renderRunbookLines } from '../domain/runbook/render.js';
import { stepCommand } from '../domain/runbook/template.js';
import { runbookView, selectedStep, type RunbookView } from '../state/runbookView.js';
import { clipboardSequence, commandSummary } from './clipboard.js';
import type { HandlerContext, HandlerPart } from './types.js';

/** Handlers for src/keymap/runbook.ts: step cursor, done marks, copy (OSC 52), open link, sideways scroll. */

const SHIFT_COLUMNS = 8;

/** The longest code line: how far sideways scrolling can go. Code lines do not depend on the width. */
function widestCode(view: RunbookView): number {
  if (!view.runbook) return 0;
  return Math.max(0, ...renderRunbookLines(view.runbook, { width: 80 }).filter((l) => l.nowrap).map((l) => l.text.length));
}

interface Selected {
  view: RunbookView;
  subject: string;
  index: number;
  step: RunbookView['steps'][number] | undefined;
}

/** A runbook key acts on the runbook of the selected alert or incident; without one it says so. */
function onSelected(act: (c: HandlerContext, sel: Selected) => void) {
  return (c: HandlerContext) => {
    const state = c.get();
    const view = runbookView(state, c.deps.runbooks, { ascii: c.deps.ascii });
    if (!view.subject) return c.say('no alert or incident selected', 'error');
    const index = selectedStep(state, view);
    act(c, { view, subject: view.subject.key, index, step: view.steps[index] });
  };
}

const moveTo = (to: (sel: Selected) => number) =>
  onSelected((c, sel) => c.dispatch({ type: 'runbookStep', subject: sel.subject, step: Math.max(0, Math.min(to(sel), sel.view.steps.length - 1)) }));

const shiftBy = (sign: 1 | -1) =>
  onSelected((c, { view, subject }) => {
    const rb = c.get().runbook;
    const shift = rb.subject === subject ? rb.shift : 0;
    const max = Math.max(0, widestCode(view) - SHIFT_COLUMNS);
    const next = sign < 0 ? shift - SHIFT_COLUMNS : Math.min(max, shift + SHIFT_COLUMNS);
    c.dispatch({ type: 'runbookShift', subject, shift: next });
  });

const notYet = (view: RunbookView, what: string) => (view.result ? `this runbook has no ${what}` : 'the runbook is still loading');

export const RUNBOOK_HANDLERS = {
  'runbook.focus': (c) => {
    const state = c.get();
    if (!c.deps.runbooks || !state.runbook.enabled) return c.say('runbooks are not available in this session', 'error');
    if (state.focus !== 'alerts' && state.focus !== 'incidents') return c.say('runbooks belong to alerts and incidents: select one first', 'error');
    c.dispatch({ type: 'runbookFocus', focused: true });
  },
  'runbook.back': (c) => c.dispatch({ type: 'runbookFocus', focused: false }),
  'runbook.up': moveTo((s) => s.index - 1),
  'runbook.down': moveTo((s) => s.index + 1),
  'runbook.top': moveTo(() => 0),
  'runbook.bottom': moveTo((s) => s.view.steps.length - 1),
  'runbook.left': shiftBy(-1),
  'runbook.right': shiftBy(1),
  'runbook.done': onSelected((c, { view, subject, index, step }) => {
    if (!step || !c.deps.runbooks) return c.say(notYet(view, 'steps to mark'), 'error');
    const done = c.deps.runbooks.toggleDone(subject, step.id);
    c.say(`step ${index + 1} of ${view.steps.length} ${done ? 'done' : 'not done'}`, done ? 'ok' : 'info');
  }),
  'runbook.copy': onSelected((c, { view, index, step }) => {
    if (!step) return c.say(notYet(view, 'steps to copy from'), 'error');
    const text = stepCommand(step);
    if (text === undefined) return c.say(`step ${index + 1} has no command to copy`, 'error');
    if (!c.deps.emit) return c.say('copying needs a terminal', 'error');
    c.deps.emit(clipboardSequence(text, c.deps.env ?? {}));
    // A marked placeholder copied along must not be run as is: say which ones need a value.
    const unfilled = view.missing.filter((m) => text.includes(`${m}?`));
    if (unfilled.length) return c.say(`copied: ${commandSummary(text)} (fill in ${unfilled.join(', ')} first)`, 'error');
    c.say(`copied: ${commandSummary(text)}`, 'ok');
  }),
  'runbook.open': onSelected((c, { view }) => {
    const link = view.result?.link;
    if (!link) return c.say(notYet(view, 'link to open'), 'error');
    c.say('runbook: ', 'info', link);
  }),
} satisfies HandlerPart;
