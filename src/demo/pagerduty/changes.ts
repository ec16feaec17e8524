import { invalid, notFound, ok, pdError, type Reply } from './http.js';
import { logTo } from './log.js';
import { effectiveOnCalls } from './schedules.js';
import { findIncident, findUser } from './state.js';
import type { FakeIncident, FakeState, FakeUser } from './types.js';
import { incidentWire } from './wire.js';

/**
 * The incident writes beyond status and notes: escalation level, reassignment, priority, snooze and
 * merge, checked the way PagerDuty's OpenAPI describes the bodies, each leaving its log entry.
 */

const MAX_SNOOZE_S = 604_800;

/** How many levels the incident's policy has: its rules where the fake knows them, else its on-call levels. */
function levelsOf(state: FakeState, i: FakeIncident): number {
  const policy = state.escalationPolicies.find((p) => p.id === i.escalationPolicy.id);
  if (policy) return policy.rules.length;
  return Math.max(1, ...state.oncalls.filter((o) => o.escalationPolicy.id === i.escalationPolicy.id).map((o) => o.level));
}

/** Who is on call now at that level of the incident's policy. */
function onCallAt(state: FakeState, i: FakeIncident, level: number, now: Date): string[] {
  const users = effectiveOnCalls(state)
    .filter((o) => o.escalationPolicy.id === i.escalationPolicy.id && o.level === level && (!o.start || o.start <= now) && (!o.end || o.end > now))
    .map((o) => o.userId);
  return [...new Set(users)];
}

/** A change that hands the incident to someone re-triggers it, as PagerDuty does, and ends any snooze. */
function handTo(i: FakeIncident, userIds: string[], actor: FakeUser, now: Date): void {
  i.assigneeIds = userIds;
  i.status = 'triggered';
  i.snoozedUntil = undefined;
  i.updatedAt = now;
  i.lastChangedBy = actor.id;
}

type Change = (i: FakeIncident) => void;

/** Reads `escalation_level`, `assignments` and `priority` from an update; a string is a refusal. */
export function incidentChanges(state: FakeState, update: Record<string, unknown>, actor: FakeUser, now: Date): Change[] | string {
  const changes: Change[] = [];
  if (update.escalation_level !== undefined) {
    const level = update.escalation_level;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1) return 'escalation_level must be a positive integer';
    changes.push((i) => {
      const users = onCallAt(state, i, level, now);
      handTo(i, users.length ? users : i.assigneeIds, actor, now);
      i.escalationLevel = level;
      const names = i.assigneeIds.map((id) => state.users.find((u) => u.id === id)?.name ?? id).join(', ');
      logTo(i, 'escalate_log_entry', now, actor.id, { summary: `Escalated to level ${level}${names ? `: ${names}` : ''}` });
    });
  }
  if (update.assignments !== undefined) {
    const list = update.assignments;
    if (!Array.isArray(list) || list.length === 0) return 'assignments must be a non-empty array';
    const ids: string[] = [];
    for (const a of list) {
      const ref = (a as { assignee?: { id?: unknown; type?: unknown } } | null)?.assignee;
      if (!ref || typeof ref.id !== 'string' || ref.type !== 'user_reference') return "each assignment needs assignee: {id, type: 'user_reference'}";
      const user = findUser(state, ref.id);
      if (!user || user.id !== ref.id) return `Assignee ${ref.id} not found`;
      ids.push(user.id);
    }
    changes.push((i) => {
      handTo(i, [...new Set(ids)], actor, now);
      const names = i.assigneeIds.map((id) => state.users.find((u) => u.id === id)?.name ?? id).join(', ');
      logTo(i, 'assign_log_entry', now, actor.id, { summary: `Reassigned to ${names}` });
    });
  }
  if (update.priority !== undefined) {
    const p = update.priority;
    // The spec takes a priority reference or a name; a name means the highest priority so named.
    const found = typeof p === 'string'
      ? state.priorities.find((x) => x.name === p)
      : p && typeof p === 'object' && typeof (p as { id?: unknown }).id === 'string' && ['priority', 'priority_reference'].includes((p as { type?: string }).type ?? '')
        ? state.priorities.find((x) => x.id === (p as { id: string }).id)
        : undefined;
    if (!found) return typeof p === 'object' && p !== null && !('type' in p) ? "priority needs {id, type: 'priority_reference'}" : 'Priority not found';
    // PagerDuty has no log entry type for a priority change; the incident itself shows it.
    changes.push((i) => {
      i.priority = found.name;
      i.updatedAt = now;
      i.lastChangedBy = actor.id;
    });
  }
  return changes;
}

/** Escalating, reassigning or prioritising a resolved incident is refused; checked before anything changes. */
export function applyChanges(state: FakeState, incident: FakeIncident, changes: Change[], levels: number | undefined): string | undefined {
  if (changes.length && incident.status === 'resolved') return 'Incident Already Resolved';
  if (levels !== undefined && levels > levelsOf(state, incident)) return `escalation_level must be between 1 and ${levelsOf(state, incident)} for this escalation policy`;
  for (const c of changes) c(incident);
  return undefined;
}

export function snoozeIncident(state: FakeState, id: string, body: unknown, actor: FakeUser, now: Date): Reply {
  const duration = (body as { duration?: unknown } | undefined)?.duration;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > MAX_SNOOZE_S) {
    return invalid(`duration must be an integer number of seconds from 1 to ${MAX_SNOOZE_S}`);
  }
  const incident = findIncident(state, id);
  if (!incident) return notFound();
  if (incident.status !== 'acknowledged') return invalid('Incident must be acknowledged to be snoozed');
  incident.snoozedUntil = new Date(now.getTime() + duration * 1000);
  incident.updatedAt = now;
  incident.lastChangedBy = actor.id;
  logTo(incident, 'snooze_log_entry', now, actor.id, { summary: `Snoozed until ${incident.snoozedUntil.toISOString()}` });
  return ok({ incident: incidentWire(state, incident) }, 201);
}

/** Snoozes that ran out: the incident is triggered again, as PagerDuty does when the time is up. */
export function wakeSnoozed(state: FakeState, now: Date): void {
  for (const i of state.incidents) {
    if (!i.snoozedUntil || i.snoozedUntil > now) continue;
    const at = i.snoozedUntil;
    i.snoozedUntil = undefined;
    if (i.status !== 'acknowledged') continue;
    i.status = 'triggered';
    i.updatedAt = at;
    logTo(i, 'trigger_log_entry', at, undefined, { summary: 'Snooze ended' });
  }
}

export function mergeIncidents(state: FakeState, id: string, body: unknown, actor: FakeUser, now: Date): Reply {
  const refs = (body as { source_incidents?: unknown } | undefined)?.source_incidents;
  if (!Array.isArray(refs) || refs.length === 0) return invalid('source_incidents must be a non-empty array');
  if (refs.some((r) => typeof (r as { id?: unknown })?.id !== 'string' || (r as { type?: unknown }).type !== 'incident_reference')) {
    return invalid("each source incident needs {id, type: 'incident_reference'}");
  }
  const target = findIncident(state, id);
  const sources = refs.map((r) => findIncident(state, (r as { id: string }).id));
  if (!target || sources.some((s) => !s)) return notFound();
  if (target.status === 'resolved') return invalid('Open incidents cannot be merged into a resolved incident; the target must be open');
  if (sources.some((s) => s === target)) return invalid('An incident cannot be merged into itself');
  if (sources.some((s) => s?.status === 'resolved')) return pdError(400, 2001, 'Invalid Input Provided', ['A resolved incident cannot be merged']);
  for (const s of sources as FakeIncident[]) {
    s.status = 'resolved';
    s.assigneeIds = [];
    s.snoozedUntil = undefined;
    s.updatedAt = now;
    s.lastChangedBy = actor.id;
    logTo(s, 'resolve_log_entry', now, actor.id, { summary: `Resolved by merging into #${target.number}` });
  }
  target.updatedAt = now;
  return ok({ incident: incidentWire(state, target) });
}
