import { ackAlertGroup } from '../actions/index.js';
import { ackMatchers } from '../domain/ack.js';
import { errorLine } from '../domain/errors.js';
import type { JoinedGroup } from '../domain/correlation.js';
import type { Incident } from '../domain/types.js';
import { acknowledge, actionDeps, readOnlyOf, type EffectDeps } from './effects.js';
import { joinOf } from './join.js';
import type { DashboardState, LastSilence } from './types.js';

const HOUR = 3600_000;

/** The alert groups (as Alertmanager forms them) that hold any of these alerts. */
export function groupsOfAlerts(state: DashboardState, fingerprints: string[]): JoinedGroup[] {
  const wanted = new Set(fingerprints);
  return (joinOf(state)?.groups ?? []).filter((g) => g.fingerprints.some((f) => wanted.has(f)));
}

/** "#7 #9" for a confirmation, naming every incident a combined ack will touch. */
export function ackTargets(groups: JoinedGroup[]): string {
  const numbers = [...new Set(groups.flatMap((g) => g.incidents.map((i) => `#${i.number}`)))];
  return numbers.length ? numbers.join(' ') : 'no incident';
}

/**
 * `a` on incidents: incidents that came from an alert group get the combined ack (their group's ack
 * silence too); the others are acknowledged in PagerDuty alone, as before.
 */
export async function ackIncidents(deps: EffectDeps & { ackSilenceMs?: number | false }, ids: string[]): Promise<boolean> {
  const state = deps.store.getState();
  const join = joinOf(state);
  // Over several contexts the ack silence goes to this context's Alertmanager: only its own groups count
  // (by the alerts' context: a name may hold the / that joins it to a fingerprint).
  const own = state.fleet ? new Set(state.alerts.filter((a) => a.context === deps.context.name).map((a) => a.fingerprint)) : undefined;
  const ours = (g: JoinedGroup) => !own || g.fingerprints.every((f) => own.has(f));
  const mine = (id: string) => join!.groups.some((g) => ours(g) && g.incidents.some((l) => l.id === id));
  const grouped = deps.ackSilenceMs === false || !deps.alertmanager || !join ? [] : ids.filter((id) => join.byIncident.has(id) && mine(id));
  const rest = ids.filter((id) => !grouped.includes(id));
  let ok = true;
  if (grouped.length) {
    const fingerprints = join!.groups.filter((g) => ours(g) && g.incidents.some((l) => grouped.includes(l.id))).flatMap((g) => g.fingerprints);
    ok = await ackGroups(deps, fingerprints);
  }
  if (rest.length) ok = (await acknowledge(deps, rest)) && ok;
  return ok;
}

/**
 * `a` on alerts: the combined ack, one group at a time, through the actions layer. The status line
 * names both sides; a group that fails says which side failed and the rest still go.
 */
export async function ackGroups(deps: EffectDeps & { ackSilenceMs?: number | false }, fingerprints: string[]): Promise<boolean> {
  const { store } = deps;
  const state = store.getState();
  const ro = readOnlyOf(deps);
  if (ro.readOnly) {
    store.dispatch({ type: 'status', text: `read-only: ack not sent (${ro.readOnlyReason ?? 'read-only mode'})`, tone: 'error' });
    return false;
  }
  if (state.busy.includes('alert.ack')) return false;
  const groups = groupsOfAlerts(state, fingerprints);
  if (groups.length === 0) {
    store.dispatch({ type: 'status', text: 'ack not sent: the alert groups are not known yet (Alertmanager\'s routes not read)', tone: 'error' });
    return false;
  }
  const withLimits = actionDeps(deps);
  const byId = new Map(state.incidents.map((i) => [i.id, i]));
  store.dispatch({ type: 'busy', command: 'alert.ack', on: true });
  store.dispatch({ type: 'status', text: `acknowledging ${ackTargets(groups)}…`, tone: 'info' });
  const said: string[] = [];
  const made: LastSilence[] = [];
  let ok = true;
  try {
    for (const g of groups) {
      try {
        const done = await ackAlertGroup(withLimits, { ...(deps.alertmanager ? { am: deps.alertmanager } : {}), ...(deps.pagerduty ? { pd: deps.pagerduty } : {}) }, {
          groupLabels: g.labels,
          incidents: g.incidents.map((l) => byId.get(l.id)).filter((i): i is Incident => i !== undefined),
          silenceMs: deps.ackSilenceMs ?? HOUR,
        });
        if (done.acked.length) store.dispatch({ type: 'incidentsChanged', incidents: done.acked });
        if (done.silenceId && done.silenceCreated) made.push({ id: done.silenceId, matchers: ackMatchers(g.labels), ...(state.fleet ? { context: deps.context.name } : {}) });
        // A failed silence says why (Alertmanager's answer, or longer than max_silence).
        said.push(done.failed ? `${done.message}: ${errorLine(done.failed)}` : done.message);
        if (done.failed) ok = false;
      } catch (err) {
        ok = false;
        said.push(`failed: ${errorLine(err)}`);
      }
    }
  } finally {
    store.dispatch({ type: 'busy', command: 'alert.ack', on: false });
  }
  // `u` undoes the newest silence: this ack's when it made one, none when it made several (expire
  // those with x) or found one already there, never an older silence the user may have forgotten.
  if (made.length === 1) store.dispatch({ type: 'silenceCreated', last: made[0]! });
  else if (groups.length > 0 && deps.ackSilenceMs !== false && deps.alertmanager) store.dispatch({ type: 'lastSilenceCleared' });
  deps.refresh?.('alertmanager');
  deps.refresh?.('pagerduty');
  store.dispatch({ type: 'clearMarks', pane: 'alerts' });
  store.dispatch({ type: 'status', text: said.join('; '), tone: ok ? 'ok' : 'error' });
  return ok;
}
