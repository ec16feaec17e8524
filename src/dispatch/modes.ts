import { parseDuration } from '../domain/duration.js';
import { ackGroups, ackIncidents } from '../state/ackEffect.js';
import * as effects from '../state/effects.js';
import { checkLevel } from '../actions/incidentEscalate.js';
import { snoozeSeconds } from '../actions/incidentSnooze.js';
import { ASKS, askTake, merge, runFlow, take, type FlowCommand } from '../state/flowEffects.js';
import { fieldText, nextField, nextPreset, withFieldText } from '../state/silenceForm.js';
import type { HandlerContext, HandlerPart } from './types.js';
import { via } from './normal.js';
import { runWords } from './words.js';

/** Handlers for src/keymap/modes.ts: ctrl-c, help, the typed line, text editing, dialogs, the form. */

function helpScroll(delta: (c: HandlerContext) => number) {
  return (c: HandlerContext) => c.dispatch({ type: 'helpScroll', delta: delta(c) });
}

/** Edits the typed line, or the form's focused field: `edit` turns the current text into the next. */
function editing(edit: (current: string, c: HandlerContext) => string) {
  return (c: HandlerContext) => {
    const s = c.get();
    const form = s.silenceForm;
    if (s.mode !== 'silenceForm' || !form) return c.dispatch({ type: 'input', text: edit(s.input, c) });
    // Typing a duration on the preset row switches to a custom one.
    const toCustom = form.field === 'duration' && form.preset !== 'custom' && /[0-9]/.test(c.key?.text ?? '');
    const target = toCustom ? { ...form, preset: 'custom' as const, customDuration: '' } : form;
    const current = fieldText(target);
    if (current === undefined) return;
    c.dispatch({ type: 'silenceFormEdit', patch: { ...(toCustom ? { preset: 'custom' } : {}), ...withFieldText(target, edit(current, c)) } });
  };
}

function closeConfirm(c: HandlerContext, accepted: boolean): void {
  const confirm = c.get().confirm;
  if (!confirm) return;
  c.dispatch({ type: 'close' });
  if (!accepted) return c.say('cancelled');
  if (confirm.command === 'incident.ack') c.fire(ackIncidents(c.deps, confirm.ids));
  else if (confirm.command === 'alert.ack') c.fire(ackGroups(c.deps, confirm.ids));
  else if (confirm.command === 'silence.extend') c.fire(effects.extendSilences(c.deps, confirm.ids, c.deps.extendByMs ?? parseDuration('1h')));
  else if (confirm.command === 'incident.resolve') c.fire(effects.resolve(c.deps, confirm.ids));
  else if (confirm.command === 'silence.expire') c.fire(effects.expireSilences(c.deps, confirm.ids));
  else if (confirm.command === 'incident.merge') c.fire(merge(c.deps, confirm.ids[0]!, confirm.ids.slice(1)));
  else if (confirm.command === 'take') c.fire(take(c.deps, confirm.ids[0]!));
  else if (confirm.command in ASKS) c.fire(runFlow(c.deps, confirm.command as FlowCommand, confirm.ids, confirm.value ?? ''));
}

/** The typed value is checked before the confirmation opens: a bad one is refused with nothing sent. */
function confirmAsk(c: HandlerContext, ask: { command: string; ids: string[] }, value: string): void {
  const command = ask.command as FlowCommand;
  try {
    if (value === '') throw new Error('nothing typed; nothing sent');
    if (command === 'incident.escalate') checkLevel(value);
    if (command === 'incident.snooze') snoozeSeconds(parseDuration(value));
  } catch (err) {
    return c.say(err instanceof Error ? err.message : String(err), 'error');
  }
  const names = ask.ids.map((id) => `#${c.get().incidents.find((i) => i.id === id)?.number ?? id}`).join(' ');
  const through = via(c.get(), c.get().incidents.find((i) => i.id === ask.ids[0])?.context);
  c.dispatch({ type: 'confirmOpen', confirm: { command, title: 'Incidents', message: ASKS[command].verb(`${names}${through}`, value), ids: ask.ids, value } });
}

function formMove(c: HandlerContext, patch: (form: NonNullable<ReturnType<HandlerContext['get']>['silenceForm']>) => object | undefined): void {
  const form = c.get().silenceForm;
  const p = form && patch(form);
  if (p) c.dispatch({ type: 'silenceFormEdit', patch: p });
}

export const MODE_HANDLERS = {
  interrupt: (c) => c.deps.quit(),

  'help.close': (c) => c.dispatch({ type: 'mode', mode: 'normal' }),
  'help.down': helpScroll(() => 1),
  'help.up': helpScroll(() => -1),
  'help.pageDown': helpScroll((c) => c.page()),
  'help.pageUp': helpScroll((c) => -c.page()),
  'help.top': helpScroll(() => -1e6),

  'prompt.submit': (c) => {
    const s = c.get();
    c.dispatch({ type: 'close' });
    if (s.mode === 'command') runWords(c, s.input);
    else if (s.mode === 'note') c.fire(effects.addNote(c.deps, s.noteTargets ?? [], s.input));
    else if (s.mode === 'ask' && s.ask) confirmAsk(c, s.ask, s.input.trim());
  },
  'prompt.cancel': (c) => {
    if (c.get().mode === 'filter') c.dispatch({ type: 'clearFilter' });
    c.dispatch({ type: 'close' });
  },

  'edit.type': editing((current, c) => current + (c.key?.text ?? '')),
  'edit.backspace': editing((current) => current.slice(0, -1)),
  'edit.clear': editing(() => ''),

  'confirm.toggle': (c) => {
    const confirm = c.get().confirm;
    if (confirm) c.dispatch({ type: 'confirmFocus', focus: confirm.focus === 0 ? 1 : 0 });
  },
  'confirm.accept': (c) => closeConfirm(c, c.get().confirm?.focus === 1),
  'confirm.yes': (c) => closeConfirm(c, true),
  'confirm.cancel': (c) => closeConfirm(c, false),

  'form.submit': (c) => c.fire(effects.submitSilence(c.deps)),
  'form.cancel': (c) => {
    c.dispatch({ type: 'close' });
    c.say('silence not created');
  },
  'form.next': (c) => formMove(c, (f) => ({ field: nextField(f.field, 1) })),
  'form.prev': (c) => formMove(c, (f) => ({ field: nextField(f.field, -1) })),
  // Left and right choose a preset on the duration row only; elsewhere they do nothing.
  'form.presetNext': (c) => formMove(c, (f) => (f.field === 'duration' ? { preset: nextPreset(f.preset, 1), error: undefined } : undefined)),
  'form.presetPrev': (c) => formMove(c, (f) => (f.field === 'duration' ? { preset: nextPreset(f.preset, -1), error: undefined } : undefined)),
} satisfies HandlerPart;
