/** Key dispatch: the keymap table resolved against the state, then actions and effects. No Ink here, so it is tested without rendering. */
import { disabledReason, resolveKey, type Binding, type Scope } from '../keymap/keymap.js';
import { parseDuration } from '../domain/duration.js';
import * as effects from '../state/effects.js';
import type { EffectDeps } from '../state/effects.js';
import { targetAlerts, targetIncidents, targetSilences } from '../state/selectors.js';
import { fieldText, newSilenceForm, nextField, nextPreset, withFieldText } from '../state/silenceForm.js';
import type { DashboardState, Pane } from '../state/types.js';
import { runbookKey, type RunbookKeyDeps } from './runbookKeys.js';

export interface ControllerDeps extends EffectDeps, Omit<RunbookKeyDeps, 'store'> {
  refreshNow(): void;
  setPaused(paused: boolean): void;
  quit(): void;
  /** How many rows a page key moves: the focused pane's visible height, which only the UI knows. */
  pageSize?: () => number;
  /** `:ctx NAME`; absent when the caller cannot rebuild clients for another context. */
  switchContext?: (name: string) => void;
  extendByMs?: number;
}

/** A key as the UI names it: 'j', 'G', 'enter', 'esc', 'ctrl-r', 'shift-tab', 'space', 'backspace'. */
export interface KeyPress {
  name: string;
  /** The printable text, for typing into filters, commands, notes and the form. */
  text?: string;
}

export function scopesFor(state: DashboardState): Scope[] {
  if (state.mode === 'confirm') return ['confirm'];
  if (state.mode === 'silenceForm') return ['form'];
  // The runbook pane takes the list keys (j/k move between steps, space marks a step done).
  if (state.runbook.focused) return ['runbook', 'global'];
  const pane: Scope = state.focus;
  return [pane, 'list', 'global'];
}

const PANE_COMMANDS: Record<string, Pane> = { alerts: 'alerts', alert: 'alerts', incidents: 'incidents', incident: 'incidents', silences: 'silences', silence: 'silences', slo: 'slo', slos: 'slo' };

/** Turns key presses into actions and effects. Effects are not awaited: keys keep answering. */
export function createController(deps: ControllerDeps) {
  const { store } = deps;
  const get = () => store.getState();
  const say = (text: string, tone: 'info' | 'ok' | 'error' = 'info') => store.dispatch({ type: 'status', text, tone });
  const fire = (p: Promise<unknown>) => void p.catch((err: unknown) => say(String(err), 'error'));

  function editText(current: string, key: KeyPress): string | undefined {
    if (key.name === 'backspace' || key.name === 'delete') return current.slice(0, -1);
    if (key.name === 'ctrl-u') return '';
    if (key.text && key.text.length > 0 && !key.name.startsWith('ctrl-') && !key.name.startsWith('meta-')) return current + key.text;
    return undefined;
  }

  function runCommandLine(line: string): void {
    const [word = '', ...args] = line.trim().replace(/^:/, '').split(/\s+/);
    const pane = PANE_COMMANDS[word];
    if (pane) store.dispatch({ type: 'focus', pane });
    else if (word === 'ctx' || word === 'context') {
      if (!args[0]) say(`context: ${get().context.name} (:ctx NAME switches)`);
      else if (deps.switchContext) deps.switchContext(args[0]);
      else say('switching context is not available here: restart with --context NAME', 'error');
    } else if (word === 'pause') deps.setPaused(true);
    else if (word === 'resume') deps.setPaused(false);
    else if (word === 'q' || word === 'quit') deps.quit();
    else if (word === 'help') store.dispatch({ type: 'mode', mode: 'help' });
    else if (word !== '') say(`unknown command ":${word}" — try :alerts :incidents :silences :slo :ctx NAME :q`, 'error');
  }

  function runBinding(b: Binding): void {
    const s = get();
    const why = disabledReason(b, s.context);
    if (why) return say(why, 'error');
    const page = Math.max(1, deps.pageSize?.() ?? 10);
    switch (b.command) {
      case 'help':
        return store.dispatch({ type: 'mode', mode: s.mode === 'help' ? 'normal' : 'help' });
      case 'command':
        return store.dispatch({ type: 'mode', mode: 'command', input: '' });
      case 'filter':
        return store.dispatch({ type: 'mode', mode: 'filter' });
      case 'quit':
        return deps.quit();
      case 'refresh':
        deps.refreshNow();
        // Runbooks too: an edited runbook shows without restarting; done marks stay.
        deps.runbooks?.refresh();
        return say('refreshing every source…');
      case 'pause':
        deps.setPaused(!s.paused);
        return say(s.paused ? 'polling resumed' : 'polling paused (p resumes, ctrl-r still refreshes)');
      case 'nextPane':
      case 'prevPane':
        // In the details view tab goes between the details and the runbook below them.
        if (s.detail && s.runbook.enabled) return store.dispatch({ type: 'runbookFocus', focused: !s.runbook.focused });
        return store.dispatch({ type: 'focusNext', step: b.command === 'nextPane' ? 1 : -1 });
      case 'maximize':
        return store.dispatch({ type: 'toggleMaximize' });
      case 'back':
        if (s.detail) return store.dispatch({ type: 'detail', open: false });
        if (s.marks[s.focus].length > 0) return store.dispatch({ type: 'clearMarks' });
        if (s.filter[s.focus] !== '') return store.dispatch({ type: 'clearFilter' });
        if (s.maximized) return store.dispatch({ type: 'toggleMaximize' });
        if (s.view === 'silences') return store.dispatch({ type: 'view', view: 'main' });
        return;
      case 'undo':
        return fire(effects.undoSilence(deps));
      case 'up':
        return store.dispatch({ type: 'move', delta: -1 });
      case 'down':
        return store.dispatch({ type: 'move', delta: 1 });
      case 'top':
        return store.dispatch({ type: 'moveTo', where: 'top' });
      case 'bottom':
        return store.dispatch({ type: 'moveTo', where: 'bottom' });
      case 'pageUp':
        return store.dispatch({ type: 'move', delta: -page });
      case 'pageDown':
        return store.dispatch({ type: 'move', delta: page });
      case 'details':
        return store.dispatch({ type: 'detail', open: !s.detail });
      case 'mark':
        return store.dispatch({ type: 'toggleMark' });
      case 'alert.silence': {
        if (!deps.alertmanager) return say('Alertmanager is not configured for this context', 'error');
        const alerts = targetAlerts(s);
        if (alerts.length === 0) return say('no alert selected', 'error');
        return store.dispatch({ type: 'silenceFormOpen', form: newSilenceForm(alerts) });
      }
      case 'incident.ack': {
        if (!deps.pagerduty) return say('PagerDuty is not configured for this context', 'error');
        const ids = targetIncidents(s).map((i) => i.id);
        if (ids.length === 0) return say('no incident selected', 'error');
        return fire(effects.acknowledge(deps, ids));
      }
      case 'incident.resolve': {
        if (!deps.pagerduty) return say('PagerDuty is not configured for this context', 'error');
        const list = targetIncidents(s);
        if (list.length === 0) return say('no incident selected', 'error');
        const names = list.map((i) => `#${i.number}`).join(' ');
        return store.dispatch({ type: 'confirmOpen', confirm: { command: b.command, title: 'Resolve incidents', message: `Resolve ${list.length === 1 ? 'incident' : `${list.length} incidents`} ${names}?`, ids: list.map((i) => i.id) } });
      }
      case 'incident.note': {
        if (!deps.pagerduty) return say('PagerDuty is not configured for this context', 'error');
        const ids = targetIncidents(s).map((i) => i.id);
        if (ids.length === 0) return say('no incident selected', 'error');
        return store.dispatch({ type: 'noteOpen', ids });
      }
      case 'silence.expire': {
        const list = targetSilences(s);
        if (list.length === 0) return say('no silence selected', 'error');
        return store.dispatch({ type: 'confirmOpen', confirm: { command: b.command, title: 'Expire silences', message: `Expire ${list.length === 1 ? 'silence' : `${list.length} silences`} ${list.map((x) => x.id.slice(0, 8)).join(' ')}? Its alerts will notify again.`, ids: list.map((x) => x.id) } });
      }
      case 'silence.extend': {
        const ids = targetSilences(s).map((x) => x.id);
        if (ids.length === 0) return say('no silence selected', 'error');
        return fire(effects.extendSilences(deps, ids, deps.extendByMs ?? parseDuration('1h')));
      }
      default:
        if (b.command.startsWith('runbook.')) runbookKey(b.command, deps);
        return;
    }
  }

  function confirmed(): void {
    const c = get().confirm;
    store.dispatch({ type: 'close' });
    if (!c) return;
    if (c.command === 'incident.resolve') fire(effects.resolve(deps, c.ids));
    else if (c.command === 'silence.expire') fire(effects.expireSilences(deps, c.ids));
  }

  function formKey(key: KeyPress): void {
    const form = get().silenceForm;
    if (!form) return;
    const b = resolveKey(key.name, ['form']);
    const onPreset = form.field === 'duration';
    if (b && (onPreset || (b.command !== 'form.presetNext' && b.command !== 'form.presetPrev'))) {
      switch (b.command) {
        case 'form.submit':
          return fire(effects.submitSilence(deps));
        case 'form.cancel':
          store.dispatch({ type: 'close' });
          return say('silence not created');
        case 'form.next':
        case 'form.prev':
          return store.dispatch({ type: 'silenceFormEdit', patch: { field: nextField(form.field, b.command === 'form.next' ? 1 : -1) } });
        case 'form.presetNext':
        case 'form.presetPrev':
          return store.dispatch({ type: 'silenceFormEdit', patch: { preset: nextPreset(form.preset, b.command === 'form.presetNext' ? 1 : -1), error: undefined } });
        default:
          return;
      }
    }
    // Typing a duration on the preset row switches to a custom one.
    const editing = onPreset && form.preset !== 'custom' && key.text && /[0-9]/.test(key.text) ? { ...form, preset: 'custom' as const, customDuration: '' } : form;
    const current = fieldText(editing);
    if (current === undefined) return;
    const next = editText(current, key);
    if (next === undefined) return;
    store.dispatch({ type: 'silenceFormEdit', patch: { ...(editing !== form ? { preset: 'custom' } : {}), ...withFieldText(editing, next) } });
  }

  function textKey(key: KeyPress, onEnter: (text: string) => void): void {
    const s = get();
    if (key.name === 'enter') return onEnter(s.input);
    if (key.name === 'esc') {
      if (s.mode === 'filter') store.dispatch({ type: 'clearFilter' });
      return store.dispatch({ type: 'close' });
    }
    const next = editText(s.input, key);
    if (next !== undefined) store.dispatch({ type: 'input', text: next });
  }

  return {
    handleKey(key: KeyPress): void {
      const s = get();
      // Raw mode swallows SIGINT: ctrl-c quits from anywhere, as the terminal user expects.
      if (key.name === 'ctrl-c') return deps.quit();
      switch (s.mode) {
        case 'help': {
          if (['esc', '?', 'q', 'enter'].includes(key.name)) return store.dispatch({ type: 'mode', mode: 'normal' });
          const page = Math.max(1, deps.pageSize?.() ?? 10);
          const step: Record<string, number> = { j: 1, down: 1, k: -1, up: -1, pagedown: page, space: page, pageup: -page, g: -1e6, home: -1e6 };
          if (step[key.name] !== undefined) store.dispatch({ type: 'helpScroll', delta: step[key.name]! });
          return;
        }
        case 'filter':
          return textKey(key, () => store.dispatch({ type: 'close' }));
        case 'command':
          return textKey(key, (line) => {
            store.dispatch({ type: 'close' });
            runCommandLine(line);
          });
        case 'note':
          return textKey(key, (text) => {
            const ids = s.noteTargets ?? [];
            store.dispatch({ type: 'close' });
            fire(effects.addNote(deps, ids, text));
          });
        case 'silenceForm':
          return formKey(key);
        case 'confirm': {
          const b = resolveKey(key.name, ['confirm']);
          if (!b || !s.confirm) return;
          if (b.command === 'confirm.toggle') return store.dispatch({ type: 'confirmFocus', focus: s.confirm.focus === 0 ? 1 : 0 });
          if (b.command === 'confirm.cancel' || (b.command === 'confirm.accept' && s.confirm.focus === 0)) {
            store.dispatch({ type: 'close' });
            return say('cancelled');
          }
          return confirmed();
        }
        case 'normal': {
          const b = resolveKey(key.name, scopesFor(s));
          if (b) runBinding(b);
          return;
        }
      }
    },
  };
}

export type Controller = ReturnType<typeof createController>;
