import { formatDuration, parseDuration } from '../domain/duration.js';
import { ackIncidents, ackTargets, groupsOfAlerts } from '../state/ackEffect.js';
import * as effects from '../state/effects.js';
import { selectedAlertRow, selectedIncident, targetAlerts, targetIncidents, targetSilences } from '../state/selectors.js';
import { newSilenceForm } from '../state/silenceForm.js';
import { loadSelectedNotes } from '../state/notes.js';
import { loadSelectedSloHistory } from '../state/sloHistory.js';
import { ASKS, type FlowCommand } from '../state/flowEffects.js';
import { memberOf } from '../state/fleet.js';
import { joinOf, routesKnown } from '../state/join.js';
import type { DashboardState } from '../state/types.js';
import type { HandlerContext, HandlerPart } from './types.js';

/** E, A, S, P: the line asks for the level, email, duration or priority; the confirmation then names every target. */
function ask(command: FlowCommand) {
  return (c: HandlerContext) => {
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    const list = targetIncidents(c.get());
    if (list.length === 0) return c.say('no incident selected', 'error');
    c.dispatch({ type: 'askOpen', ask: { command, ids: list.map((i) => i.id), label: `${ASKS[command].label} for ${list.map((i) => `#${i.number}`).join(' ')}` } });
  };
}

/** " via prod-eu" when the incidents' PagerDuty account serves several of the contexts shown. */
export function via(s: DashboardState, context: string | undefined): string {
  return context !== undefined && s.fleet?.some((m) => m.pagerdutyVia === context) ? ` via ${context}` : '';
}

/**
 * Over several contexts, the other contexts whose alert groups opened these incidents: the ack goes
 * through `context` (the account's), and the ack silence to its Alertmanager only.
 */
function groupsElsewhere(s: DashboardState, ids: string[], context: string | undefined): string[] {
  if (!s.fleet) return [];
  const wanted = new Set(ids);
  const fingerprints = new Set((joinOf(s)?.groups ?? []).filter((g) => g.incidents.some((l) => wanted.has(l.id))).flatMap((g) => g.fingerprints));
  return [...new Set(s.alerts.filter((a) => a.context !== context && fingerprints.has(a.fingerprint)).map((a) => a.context!))];
}

/** Handlers for src/keymap/normal.ts: everywhere, lists, and each pane's writes. */

function tabPane(c: HandlerContext, step: 1 | -1): void {
  const s = c.get();
  // In the details view tab goes between the details and the runbook below them.
  if (s.detail && s.runbook.enabled) return c.dispatch({ type: 'runbookFocus', focused: !s.runbook.focused });
  c.dispatch({ type: 'focusNext', step });
}

/** In the details view (enter) the movement keys scroll the details, as in a pager; elsewhere they move the cursor. */
function move(delta: (c: HandlerContext) => number) {
  return (c: HandlerContext) => {
    const s = c.get();
    if (s.detail && !s.runbook.focused) return c.dispatch({ type: 'detailScroll', delta: delta(c), max: c.deps.detailMax?.() });
    c.dispatch({ type: 'move', delta: delta(c) });
  };
}

function moveTo(where: 'top' | 'bottom') {
  return (c: HandlerContext) => {
    const s = c.get();
    if (s.detail && !s.runbook.focused) return c.dispatch({ type: 'detailScroll', delta: where === 'top' ? -s.detailScroll : Infinity, max: c.deps.detailMax?.() });
    c.dispatch({ type: 'moveTo', where });
  };
}

export const NORMAL_HANDLERS = {
  help: (c) => c.dispatch({ type: 'mode', mode: c.get().mode === 'help' ? 'normal' : 'help' }),
  command: (c) => c.dispatch({ type: 'mode', mode: 'command', input: '' }),
  filter: (c) => c.dispatch({ type: 'mode', mode: 'filter' }),
  quit: (c) => c.deps.quit(),
  refresh: (c) => {
    c.deps.refreshNow();
    // Runbooks too: an edited runbook shows without restarting; done marks stay.
    c.deps.runbooks?.refresh();
    c.say('refreshing every source…');
  },
  pause: (c) => {
    const paused = c.get().paused;
    c.deps.setPaused(!paused);
    c.say(paused ? 'polling resumed' : 'polling paused (p resumes, ctrl-r still refreshes)');
  },
  nextPane: (c) => tabPane(c, 1),
  prevPane: (c) => tabPane(c, -1),
  maximize: (c) => {
    const s = c.get();
    // In the details view z gives the details the whole body (the runbook below them goes).
    if (s.detail && !s.runbook.focused) return c.dispatch({ type: 'detailMaximize' });
    c.dispatch({ type: 'toggleMaximize' });
  },
  back: (c) => {
    const s = c.get();
    if (s.detail) return c.dispatch({ type: 'detail', open: false });
    if (s.marks[s.focus].length > 0) return c.dispatch({ type: 'clearMarks' });
    if (s.filter[s.focus] !== '') return c.dispatch({ type: 'clearFilter' });
    if (s.maximized) return c.dispatch({ type: 'toggleMaximize' });
    if (s.view === 'silences') return c.dispatch({ type: 'view', view: 'main' });
  },
  undo: (c) => c.fire(effects.undoSilence(c.deps)),

  up: move(() => -1),
  down: move(() => 1),
  top: moveTo('top'),
  bottom: moveTo('bottom'),
  pageUp: move((c) => -c.page()),
  pageDown: move((c) => c.page()),
  details: (c) => {
    const open = !c.get().detail;
    c.dispatch({ type: 'detail', open });
    if (open) c.fire(loadSelectedNotes(c.deps));
    if (open) c.fire(loadSelectedSloHistory(c.deps));
  },
  mark: (c) => c.dispatch({ type: 'toggleMark' }),

  'alert.silence': (c) => {
    if (!c.deps.alertmanager) return c.say('Alertmanager is not configured for this context', 'error');
    const alerts = targetAlerts(c.get());
    if (alerts.length === 0) return c.say('no alert selected', 'error');
    c.dispatch({ type: 'silenceFormOpen', form: newSilenceForm(alerts) });
  },
  timeline: (c) => {
    const load = c.deps.loadTimeline;
    if (!load) return c.say('timeline: this context has no sources to read it from', 'error');
    const s = c.get();
    const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });
    let q: { matchers: ReturnType<typeof eq>[]; incident?: string; title: string } | undefined;
    if (s.focus === 'alerts') {
      const row = selectedAlertRow(s);
      if (row?.kind === 'group') q = { matchers: [eq('alertname', row.alertname), ...(row.service !== '-' ? [eq('service', row.service)] : [])], title: `${row.alertname} · ${row.service}` };
      else if (row) q = { matchers: Object.entries(row.alert.labels).map(([k, v]) => eq(k, v)), title: row.alert.labels.alertname ?? '-' };
    } else if (s.focus === 'incidents') {
      const i = selectedIncident(s);
      if (i) q = { matchers: [], incident: i.id, title: `#${i.number} ${i.title}` };
    }
    if (!q) return c.say('timeline: select an alert group, an alert or an incident', 'error');
    const title = `Timeline: ${q.title}, last hour`;
    c.dispatch({ type: 'timeline', timeline: { title, loading: true, events: [], failures: [] } });
    load({ matchers: q.matchers, ...(q.incident ? { incident: q.incident } : {}), sinceMs: 3600_000 }).then(
      (r) => {
        if (c.get().timeline?.title === title) c.dispatch({ type: 'timeline', timeline: { title, loading: false, events: r.events, failures: r.failures } });
      },
      (err: unknown) => c.dispatch({ type: 'timeline', timeline: { title, loading: false, events: [], failures: [err instanceof Error ? err.message : String(err)] } }),
    );
  },
  'alert.ack': (c) => {
    const s = c.get();
    const alerts = targetAlerts(s);
    if (alerts.length === 0) return c.say('no alert selected', 'error');
    if (!routesKnown(s, alerts[0]!.context)) return c.say('Alertmanager\'s routes are not read yet: the alert groups are not known', 'error');
    const groups = groupsOfAlerts(s, alerts.map((a) => a.fingerprint));
    const silence = c.deps.ackSilenceMs === false ? 'no ack silence' : `an ack silence for ${formatDuration(c.deps.ackSilenceMs ?? 3600_000)} on ${groups.length} group${groups.length === 1 ? '' : 's'}`;
    // Over several contexts: the account the incidents are written through, and where the silence goes.
    const member = memberOf(s, alerts[0]!.context);
    const through = member?.pagerdutyVia && groups.some((g) => g.incidents.length > 0) ? ` via ${member.pagerdutyVia}` : '';
    const where = s.fleet && c.deps.ackSilenceMs !== false ? ` in ${alerts[0]!.context}` : '';
    const message = `Acknowledge ${ackTargets(groups)}${through} and put ${silence}${where}?`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'alert.ack', title: 'Acknowledge in PagerDuty and Alertmanager', message, ids: alerts.map((a) => a.fingerprint) } });
  },
  'incident.ack': (c) => {
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    const list = targetIncidents(c.get());
    if (list.length === 0) return c.say('no incident selected', 'error');
    const ids = list.map((i) => i.id);
    // A PagerDuty account shared by several contexts is written through one of them: the question names it.
    const through = via(c.get(), list[0]!.context);
    const elsewhere = groupsElsewhere(c.get(), ids, list[0]!.context);
    const unsilenced = elsewhere.length && c.deps.ackSilenceMs !== false ? ` Its alert group in ${elsewhere.join(', ')} gets no ack silence: a on its alerts there does both.` : '';
    if (ids.length === 1 && !through && !unsilenced) return c.fire(ackIncidents(c.deps, ids));
    // A bulk write names exactly its targets before anything is sent: marks are easy to misplace.
    const message = `Acknowledge ${list.map((i) => `#${i.number}`).join(' ')}${through}?${unsilenced}`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'incident.ack', title: 'Acknowledge incidents', message, ids } });
  },
  'incident.resolve': (c) => {
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    const list = targetIncidents(c.get());
    if (list.length === 0) return c.say('no incident selected', 'error');
    const names = list.map((i) => `#${i.number}`).join(' ');
    const message = `Resolve ${list.length === 1 ? 'incident' : `${list.length} incidents`} ${names}${via(c.get(), list[0]!.context)}?`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'incident.resolve', title: 'Resolve incidents', message, ids: list.map((i) => i.id) } });
  },
  'incident.note': (c) => {
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    const ids = targetIncidents(c.get()).map((i) => i.id);
    if (ids.length === 0) return c.say('no incident selected', 'error');
    c.dispatch({ type: 'noteOpen', ids });
  },
  'incident.escalate': ask('incident.escalate'),
  'incident.reassign': ask('incident.reassign'),
  'incident.snooze': ask('incident.snooze'),
  'incident.priority': ask('incident.priority'),
  'incident.merge': (c) => {
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    const s = c.get();
    const target = selectedIncident(s);
    const sources = s.marks.incidents.filter((id) => id !== target?.id);
    if (!target || sources.length === 0) return c.say('mark the incidents to merge (space), then select the one they go into and press M', 'error');
    const names = sources.map((id) => `#${s.incidents.find((i) => i.id === id)?.number ?? id}`).join(' ');
    const message = `Merge ${names} into #${target.number}? They will be resolved.`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'incident.merge', title: 'Merge incidents', message, ids: [target.id, ...sources] } });
  },
  'silence.expire': (c) => {
    const list = targetSilences(c.get());
    if (list.length === 0) return c.say('no silence selected', 'error');
    const message = `Expire ${list.length === 1 ? 'silence' : `${list.length} silences`} ${list.map((x) => x.id.slice(0, 8)).join(' ')}? Its alerts will notify again.`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'silence.expire', title: 'Expire silences', message, ids: list.map((x) => x.id) } });
  },
  'silence.extend': (c) => {
    const list = targetSilences(c.get());
    if (list.length === 0) return c.say('no silence selected', 'error');
    const ids = list.map((x) => x.id);
    const by = c.deps.extendByMs ?? parseDuration('1h');
    if (ids.length === 1) return c.fire(effects.extendSilences(c.deps, ids, by));
    const message = `Extend silences ${list.map((x) => x.id.slice(0, 8)).join(' ')} by ${formatDuration(by)}?`;
    c.dispatch({ type: 'confirmOpen', confirm: { command: 'silence.extend', title: 'Extend silences', message, ids } });
  },
} satisfies HandlerPart;
