import { actingUser, escalateIncident, mergeIncidents, pagerChoices, reassignIncident, setIncidentPriority, snoozeIncident, takePager, type IncidentFlowClient, type PagerChoice, type ScheduleClient } from '../actions/index.js';
import { parseDuration } from '../domain/duration.js';
import { findSchedule } from '../domain/schedules.js';
import { actionDeps, write, type EffectDeps } from './effects.js';

/** The dashboard's side of escalate, reassign, snooze, priority, merge and take: one write each, through src/actions. */

export type FlowCommand = 'incident.escalate' | 'incident.reassign' | 'incident.snooze' | 'incident.priority';

/** What the line asks for each command, and how the confirmation says it. */
export const ASKS: Record<FlowCommand, { label: string; verb: (targets: string, value: string) => string }> = {
  'incident.escalate': { label: 'escalate to level', verb: (t, v) => `Escalate ${t} to level ${v}?` },
  'incident.reassign': { label: 'reassign to (email)', verb: (t, v) => `Reassign ${t} to ${v}?` },
  'incident.snooze': { label: 'snooze for (1s to 7d)', verb: (t, v) => `Snooze ${t} for ${v}?` },
  'incident.priority': { label: 'priority (P1, P2…)', verb: (t, v) => `Set the priority of ${t} to ${v}?` },
};

function flowClient(deps: EffectDeps): (IncidentFlowClient & ScheduleClient) | undefined {
  const pd = deps.pagerduty;
  return pd?.escalate && pd.reassign && pd.snooze && pd.setPriority && pd.merge && pd.priorities && pd.users && pd.logEntries && pd.schedules && pd.schedule && pd.addOverride
    ? (pd as unknown as IncidentFlowClient & ScheduleClient)
    : undefined;
}

function unavailable(deps: EffectDeps): boolean {
  deps.store.dispatch({ type: 'status', text: 'this PagerDuty source cannot escalate, snooze or take the pager', tone: 'error' });
  return false;
}

const label = (deps: EffectDeps, id: string) => {
  const i = deps.store.getState().incidents.find((x) => x.id === id);
  return i ? `#${i.number}` : id;
};

/** One incident write per target, one after another; the status line says how many went through. */
export function runFlow(deps: EffectDeps, command: FlowCommand, ids: string[], value: string): Promise<boolean> {
  const pd = flowClient(deps);
  if (!pd) return Promise.resolve(unavailable(deps));
  const a = actionDeps(deps);
  const one = (id: string) => {
    switch (command) {
      case 'incident.escalate':
        return escalateIncident(a, pd, id, Number(value));
      case 'incident.reassign':
        return reassignIncident(a, pd, id, value);
      case 'incident.snooze':
        return snoozeIncident(a, pd, id, parseDuration(value));
      case 'incident.priority':
        return setIncidentPriority(a, pd, id, value);
    }
  };
  return write(deps, command, command, `${command.slice('incident.'.length)} ${ids.map((id) => label(deps, id)).join(' ')}…`, async () => {
    const out: string[] = [];
    for (const id of ids) out.push(`${label(deps, id)} ${(await one(id)).message}`);
    return out;
  }, (lines) => {
    deps.store.dispatch({ type: 'clearMarks', pane: 'incidents' });
    deps.refresh?.('pagerduty');
    return lines.join('; ');
  });
}

export function merge(deps: EffectDeps, targetId: string, sourceIds: string[]): Promise<boolean> {
  const pd = flowClient(deps);
  if (!pd) return Promise.resolve(unavailable(deps));
  return write(deps, 'incident.merge', 'incident.merge', `merging into ${label(deps, targetId)}…`, () => mergeIncidents(actionDeps(deps), pd, targetId, sourceIds), (r) => {
    deps.store.dispatch({ type: 'clearMarks', pane: 'incidents' });
    deps.refresh?.('pagerduty');
    return r.message;
  });
}

/** `:take [NAME]`: finds the schedule (asks for a name when there are several), then opens the confirmation. */
export async function askTake(deps: EffectDeps, wanted: string | undefined): Promise<boolean> {
  const pd = flowClient(deps);
  if (!pd) return unavailable(deps);
  const say = (text: string, tone: 'info' | 'error' = 'error') => (deps.store.dispatch({ type: 'status', text, tone }), false);
  try {
    const me = await actingUser(actionDeps(deps), pd);
    const choices = await pagerChoices(actionDeps(deps), pd, me);
    if (choices.length === 0) return say(`${me.name} is on no schedule where someone else is on call now`);
    const found = wanted ? findSchedule(choices.map((c) => c.schedule), wanted) : choices.length === 1 ? choices[0]!.schedule : choices.map((c) => c.schedule);
    if (!found || Array.isArray(found)) return say(`say which schedule: ${(Array.isArray(found) ? found : choices.map((c) => c.schedule)).map((s) => `:take ${s.name}`).join(' or ')}`);
    const choice = choices.find((c) => c.schedule.id === found.id) as PagerChoice;
    const from = choice.holder ? ` from ${choice.holder.user.name}` : '';
    const until = choice.holder ? ` until ${choice.holder.end.toISOString()}` : '';
    // The schedules took a while: a dialog the user opened meanwhile is theirs, not ours to replace.
    const mode = deps.store.getState().mode;
    if (mode !== 'normal' && mode !== 'command') return say('take: not asked, another dialog is open; :take again when it is closed');
    // With several contexts the answer goes to the context asked here: the dialog opens after the key's turn.
    const fleet = deps.store.getState().fleet !== undefined;
    if (fleet) deps.store.dispatch({ type: 'acting', name: deps.context.name });
    const where = fleet ? ` (in ${deps.context.name})` : '';
    deps.store.dispatch({ type: 'confirmOpen', confirm: { command: 'take', title: 'Take the pager', message: `Take the pager on ${choice.schedule.name}${from}${until}${where}?`, ids: [choice.schedule.id] } });
    return true;
  } catch (err) {
    return say(`take: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function take(deps: EffectDeps, scheduleId: string): Promise<boolean> {
  const pd = flowClient(deps);
  if (!pd) return Promise.resolve(unavailable(deps));
  return write(deps, 'take', 'take', 'taking the pager…', async () => {
    const me = await actingUser(actionDeps(deps), pd);
    const choice = (await pagerChoices(actionDeps(deps), pd, me)).find((c) => c.schedule.id === scheduleId);
    if (!choice) throw new Error('someone else no longer holds that schedule');
    return takePager(actionDeps(deps), pd, me, choice);
  }, (r) => {
    deps.refresh?.('pagerduty');
    return r.message;
  });
}
