import type { Incident } from '../domain/types.js';
import type { Action } from './actions.js';
import { fleetContext, fleetOf, reduceFleet, type FleetMember } from './fleet.js';
import { redactText } from '../sources/errors.js';
import { parseFilter } from './filter.js';
import { keepSelection } from './selection.js';
import { cursorOf, rowCount, rowKeys } from './selectors.js';
import type { DashboardState, Pane, SourceHealth, SourceName } from './types.js';

const MAIN_PANES: readonly Pane[] = ['slo', 'alerts', 'incidents'];

export interface InitialOptions {
  context: DashboardState['context'];
  enabled: Record<SourceName, boolean>;
  now: number;
  /** A runbook source is wired in: the runbook pane exists. */
  runbooks?: boolean;
  /** Several contexts at once: `context` and `enabled` are then derived from them. */
  fleet?: FleetMember[];
}

export function initialState({ context, enabled, now, runbooks = false, fleet }: InitialOptions): DashboardState {
  const health = (on: boolean): SourceHealth => ({ status: on ? 'unknown' : 'off', inFlight: false });
  if (fleet && fleet.length > 1) {
    context = fleetContext(fleet, context.author);
    enabled = { alertmanager: fleet.some((m) => m.enabled.alertmanager), pagerduty: fleet.some((m) => m.enabled.pagerduty), prometheus: fleet.some((m) => m.enabled.prometheus) };
  }
  return {
    now,
    context,
    ...(fleet && fleet.length > 1 ? { fleet: fleetOf(fleet) } : {}),
    sources: { alertmanager: health(enabled.alertmanager), pagerduty: health(enabled.pagerduty), prometheus: health(enabled.prometheus) },
    alerts: [],
    silences: [],
    incidents: [],
    oncalls: [],
    slos: [],
    sloSkipped: [],
    view: 'main',
    focus: 'alerts',
    maximized: false,
    detail: false,
    detailScroll: 0,
    detailMaximized: false,
    helpScroll: 0,
    cursor: { slo: 0, alerts: 0, incidents: 0, silences: 0 },
    marks: { slo: [], alerts: [], incidents: [], silences: [] },
    filter: { slo: '', alerts: '', incidents: '', silences: '' },
    mode: 'normal',
    input: '',
    paused: false,
    busy: [],
    runbook: { enabled: runbooks, focused: false, step: 0, shift: 0 },
  };
}

function setSource(state: DashboardState, source: SourceName, patch: Partial<SourceHealth>): DashboardState {
  return { ...state, sources: { ...state.sources, [source]: { ...state.sources[source], ...patch } } };
}

/** Marks on rows that no longer exist would act on things the user cannot see. */
function pruneMarks(state: DashboardState, pane: Pane, ids: () => Set<string>): DashboardState {
  // Made only when something is marked: at 80,000 alerts a set of every fingerprint at each poll is 10 ms and 4 MB.
  if (state.marks[pane].length === 0) return state;
  const present = ids();
  const kept = state.marks[pane].filter((id) => present.has(id));
  return kept.length === state.marks[pane].length ? state : { ...state, marks: { ...state.marks, [pane]: kept } };
}

function moveCursor(state: DashboardState, to: (current: number, count: number) => number): DashboardState {
  const pane = state.focus;
  const count = rowCount(state, pane);
  const next = count === 0 ? 0 : Math.min(Math.max(0, to(cursorOf(state, pane), count)), count - 1);
  return next === state.cursor[pane] ? state : { ...state, cursor: { ...state.cursor, [pane]: next } };
}

function unfocusRunbook(state: DashboardState): DashboardState {
  if (!state.runbook.focused) return state;
  return { ...state, maximized: false, runbook: { ...state.runbook, focused: false } };
}

/** Step and shift belong to one selection: moving to another alert starts its runbook at the top. */
function runbookAt(state: DashboardState, subject: string, patch: { step?: number; shift?: number }): DashboardState {
  const rb = state.runbook;
  const base = rb.subject === subject ? rb : { ...rb, subject, step: 0, shift: 0 };
  const next = { ...base, ...patch };
  if (next.subject === rb.subject && next.step === rb.step && next.shift === rb.shift) return state;
  return { ...state, runbook: next };
}

export function reducer(state: DashboardState, action: Action): DashboardState {
  if (state.fleet && 'context' in action && action.context !== undefined) return reduceFleet(state, action, reducer);
  switch (action.type) {
    case 'tick':
      return { ...state, now: action.now };
    case 'pollStarted':
      return setSource(state, action.source, { inFlight: true, inFlightSince: action.at });
    case 'pollOk':
      return setSource(state, action.source, {
        status: action.slow ? 'slow' : 'ok',
        inFlight: false,
        inFlightSince: undefined,
        lastOkAt: action.at,
        failingSince: undefined,
        lastError: undefined,
        lastErrorKind: undefined,
        lastLatencyMs: action.latencyMs,
        nextAttemptAt: action.nextAttemptAt,
      });
    case 'pollFailed': {
      const prev = state.sources[action.source];
      return setSource(state, action.source, {
        status: 'failing',
        inFlight: false,
        inFlightSince: undefined,
        failingSince: prev.failingSince ?? action.at,
        lastError: action.message,
        lastErrorKind: action.kind,
        lastLatencyMs: action.latencyMs,
        nextAttemptAt: action.nextAttemptAt,
      });
    }
    case 'peers':
      return setSource(state, 'alertmanager', { peers: action.peers });
    case 'alertsLoaded': {
      let next: DashboardState = { ...state, alerts: action.alerts, silences: action.silences };
      next = pruneMarks(next, 'alerts', () => new Set(action.alerts.map((a) => a.fingerprint)));
      next = pruneMarks(next, 'silences', () => new Set(action.silences.filter((s) => s.state !== 'expired').map((s) => s.id)));
      return keepSelection(state, next, ['alerts', 'silences', 'incidents']);
    }
    case 'incidentsLoaded': {
      let next: DashboardState = { ...state, incidents: action.incidents, oncalls: action.oncalls, ...(action.escalation ? { escalation: action.escalation } : {}) };
      next = pruneMarks(next, 'incidents', () => new Set(action.incidents.map((i) => i.id)));
      return keepSelection(state, next, ['incidents']);
    }
    case 'timeline': {
      // What could not be read is shown as said: the same last guard as the status line's.
      const timeline = action.timeline && { ...action.timeline, failures: action.timeline.failures.map(redactText) };
      return { ...state, timeline, ...(timeline ? { detail: true, detailScroll: 0 } : {}) };
    }
    case 'notes':
      return { ...state, notes: action.notes };
    case 'sloHistory':
      return { ...state, sloHistory: action.sloHistory };
    case 'routesLoaded':
      return keepSelection(state, { ...state, routes: action.routes }, ['incidents']);
    case 'slosLoaded':
      return keepSelection(state, { ...state, slos: action.slos, sloSkipped: action.skipped ?? [] }, ['slo']);
    case 'paused':
      return { ...state, paused: action.paused };
    case 'focus':
      return { ...unfocusRunbook(state), focus: action.pane, view: action.pane === 'silences' ? 'silences' : 'main' };
    case 'focusNext': {
      if (state.view !== 'main') return state;
      const i = MAIN_PANES.indexOf(state.focus);
      const next = MAIN_PANES[(i + action.step + MAIN_PANES.length) % MAIN_PANES.length]!;
      // From the runbook, tab goes on to the pane after the list the runbook belongs to.
      return { ...unfocusRunbook(state), focus: next };
    }
    case 'runbookFocus':
      if (!state.runbook.enabled || state.runbook.focused === action.focused) return state;
      // Leaving the runbook also leaves its maximised view: z meant the runbook, not the list.
      return action.focused ? { ...state, runbook: { ...state.runbook, focused: true } } : unfocusRunbook(state);
    case 'runbookStep':
      return runbookAt(state, action.subject, { step: Math.max(0, action.step) });
    case 'runbookShift':
      return runbookAt(state, action.subject, { shift: Math.max(0, action.shift) });
    case 'view':
      return { ...state, view: action.view, focus: action.view === 'silences' ? 'silences' : state.focus === 'silences' ? 'alerts' : state.focus };
    case 'toggleMaximize':
      return { ...state, maximized: !state.maximized };
    case 'helpScroll':
      // The overlay clamps the bottom; only the top is known here.
      return { ...state, helpScroll: Math.max(0, state.helpScroll + action.delta) };
    case 'sheet':
      if (action.sheet) return { ...state, sheet: action.sheet, mode: 'sheet' };
      return { ...state, sheet: undefined, mode: state.mode === 'sheet' ? 'normal' : state.mode };
    case 'sheetScroll':
      // As in the details: only the UI knows how many lines the view has (`max`: the last top that still fills it).
      return state.sheet ? { ...state, sheet: { ...state.sheet, scroll: Math.max(0, Math.min(action.max ?? Infinity, state.sheet.scroll + action.delta)) } } : state;
    case 'detail':
      // Closing the details also closes a timeline shown in them, and lets go of the notes and SLO history read for them.
      return state.detail === action.open ? state : { ...state, detail: action.open, detailScroll: 0, detailMaximized: false, ...(action.open ? {} : { timeline: undefined, notes: undefined, sloHistory: undefined }) };
    case 'detailScroll':
      // Only the UI knows how many rows the details take (`max`: the last top that still fills the view).
      return { ...state, detailScroll: Math.max(0, Math.min(action.max ?? Infinity, state.detailScroll + action.delta)) };
    case 'detailMaximize':
      return { ...state, detailMaximized: !state.detailMaximized };
    case 'move':
      return moveCursor(state, (c) => c + action.delta);
    case 'moveTo':
      return moveCursor(state, (_c, n) => (action.where === 'top' ? 0 : n - 1));
    case 'toggleMark': {
      const pane = state.focus;
      if (pane === 'slo') return state;
      const key = rowKeys(state, pane)(cursorOf(state, pane));
      if (key === undefined || key.startsWith('g:')) return state;
      const marks = state.marks[pane];
      const next = marks.includes(key) ? marks.filter((k) => k !== key) : [...marks, key];
      // The cursor stays on the row just marked: when it moved on, the row under the cursor was not
      // the one marked, and a bulk ack went to an incident the user had not meant.
      return { ...state, marks: { ...state.marks, [pane]: next } };
    }
    case 'clearMarks': {
      const pane = action.pane ?? state.focus;
      return state.marks[pane].length === 0 ? state : { ...state, marks: { ...state.marks, [pane]: [] } };
    }
    case 'unmark': {
      const done = new Set(action.keys);
      const kept = state.marks[action.pane].filter((k) => !done.has(k));
      return kept.length === state.marks[action.pane].length ? state : { ...state, marks: { ...state.marks, [action.pane]: kept } };
    }
    case 'mode': {
      const input = action.input ?? (action.mode === 'filter' ? state.filter[state.focus] : '');
      return { ...state, mode: action.mode, input, filterError: undefined, helpScroll: action.mode === 'help' ? 0 : state.helpScroll };
    }
    case 'input': {
      const next = { ...state, input: action.text };
      if (state.mode !== 'filter') return next;
      // The filter follows each keystroke, as in k9s; text that does not parse (an open regex group
      // while typing) leaves the list on the last filter that did, and says why.
      const error = parseFilter(action.text).error;
      if (error) return { ...next, filterError: error };
      return { ...next, filterError: undefined, filter: { ...state.filter, [state.focus]: action.text }, cursor: { ...state.cursor, [state.focus]: 0 } };
    }
    case 'clearFilter':
      return { ...state, filter: { ...state.filter, [state.focus]: '' }, input: '', filterError: undefined };
    case 'confirmOpen':
      return { ...state, mode: 'confirm', confirm: { ...action.confirm, focus: 0 } };
    case 'confirmFocus':
      return state.confirm ? { ...state, confirm: { ...state.confirm, focus: action.focus } } : state;
    case 'close':
      return { ...state, mode: 'normal', input: '', filterError: undefined, confirm: undefined, silenceForm: undefined, noteTargets: undefined, ask: undefined };
    case 'silenceFormOpen':
      return { ...state, mode: 'silenceForm', silenceForm: action.form };
    case 'silenceFormEdit':
      return state.silenceForm ? { ...state, silenceForm: { ...state.silenceForm, ...action.patch } } : state;
    case 'askOpen':
      return { ...state, mode: 'ask', input: '', ask: action.ask };
    case 'noteOpen':
      return { ...state, mode: 'note', input: '', noteTargets: action.ids };
    case 'status':
      // Every message on the status line passes here: the last guard against a credential in it.
      return { ...state, status: { text: redactText(action.text), tone: action.tone, at: state.now, ...(action.link ? { link: action.link } : {}), ...(action.source ? { source: action.source } : {}) } };
    case 'busy': {
      const has = state.busy.includes(action.command);
      if (action.on === has) return state;
      return { ...state, busy: action.on ? [...state.busy, action.command] : state.busy.filter((c) => c !== action.command) };
    }
    case 'incidentsChanged': {
      // Only what the server answered changes; a resolved incident leaves the open list.
      const byId = new Map(action.incidents.map((i) => [i.id, i]));
      // The server's answer knows nothing of contexts: the row keeps the one it came from.
      const fresh = (i: Incident) => {
        const got = byId.get(i.id);
        return got && i.context ? { ...got, context: i.context } : (got ?? i);
      };
      const incidents = state.incidents.map(fresh).filter((i) => i.status !== 'resolved');
      const next = pruneMarks({ ...state, incidents }, 'incidents', () => new Set(incidents.map((i) => i.id)));
      return keepSelection(state, next, ['incidents']);
    }
    case 'silenceCreated': {
      const silences = action.silence ? [...state.silences.filter((s) => s.id !== action.silence!.id), action.silence] : state.silences;
      return { ...state, silences, lastSilence: action.last };
    }
    case 'silenceExpired': {
      const silences = state.silences.filter((s) => s.id !== action.id);
      const lastSilence = state.lastSilence?.id === action.id ? undefined : state.lastSilence;
      const next = pruneMarks({ ...state, silences, lastSilence }, 'silences', () => new Set(silences.map((s) => s.id)));
      return keepSelection(state, next, ['silences']);
    }
    case 'silenceExtended': {
      const silences = state.silences.map((s) => (s.id === action.oldId ? { ...s, id: action.id, endsAt: action.endsAt } : s));
      const marks = state.marks.silences.map((m) => (m === action.oldId ? action.id : m));
      const lastSilence = state.lastSilence?.id === action.oldId ? { ...state.lastSilence, id: action.id } : state.lastSilence;
      return { ...state, silences, marks: { ...state.marks, silences: marks }, lastSilence };
    }
    case 'lastSilenceCleared':
      return { ...state, lastSilence: undefined };
    case 'acting':
      return state.acting === action.name ? state : { ...state, acting: action.name };
  }
}
