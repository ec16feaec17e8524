import { OncallError } from '../../domain/errors.js';
import type { IncidentTimes } from '../../domain/report.js';
import type { EscalationPolicy } from '../../domain/response.js';
import type { Incident, IncidentLogEntry, IncidentNote, IncidentStatus, OnCall, Ref, Urgency, User } from '../../domain/types.js';
import type { Override, Priority, Schedule, ScheduleEntry } from '../../domain/schedules.js';
import type { WireOverride, WireSchedule, WireScheduleEntry } from './wire.js';
import type { WireEscalationPolicy, WireIncident, WireRawIncident, WireLogEntry, WireNote, WireOnCall, WireRef, WireUser } from './wire.js';

const SOURCE = 'pagerduty';
const STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];

function bad(what: string): OncallError {
  return new OncallError('bad_response', `PagerDuty sent ${what} we could not read`, {
    source: SOURCE,
    hint: 'check that the PagerDuty URL points at the REST API (https://api.pagerduty.com)',
  });
}

function date(raw: string | null | undefined, what: string): Date {
  const d = raw ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw bad(`a ${what} without a valid date`);
  return d;
}

function optionalDate(raw: string | null | undefined): Date | undefined {
  if (!raw) return undefined;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** References carry `summary`; full objects (with include[]) carry `name`. */
export function mapRef(ref: WireRef | null | undefined): Ref | undefined {
  if (!ref || typeof ref.id !== 'string') return undefined;
  return { id: ref.id, name: ref.summary ?? ref.name ?? ref.id };
}

/** An acknowledged incident's pending `unacknowledge`: when its snooze ends (PagerDuty re-triggers it then). */
function snooze(status: IncidentStatus, pending: WireIncident['pending_actions']): { snoozedUntil?: Date } {
  if (status !== 'acknowledged') return {};
  const at = optionalDate((pending ?? []).find((p) => p?.type === 'unacknowledge')?.at);
  return at ? { snoozedUntil: at } : {};
}

export function mapIncident(w: WireIncident): Incident {
  if (!w || typeof w.id !== 'string') throw bad('an incident');
  const status = STATUSES.includes(w.status as IncidentStatus) ? (w.status as IncidentStatus) : undefined;
  if (!status) throw bad(`incident ${w.id} with status "${String(w.status)}"`);
  const service = mapRef(w.service) ?? { id: '', name: 'unknown service' };
  return {
    id: w.id,
    number: w.incident_number ?? 0,
    title: w.title ?? w.summary ?? '',
    status,
    urgency: (w.urgency === 'low' ? 'low' : 'high') as Urgency,
    priority: w.priority?.summary ?? w.priority?.name ?? undefined,
    service,
    assignees: (w.assignments ?? []).map((a) => mapRef(a.assignee)).filter((r): r is Ref => r !== undefined),
    escalationPolicy: mapRef(w.escalation_policy),
    createdAt: date(w.created_at, 'incident'),
    updatedAt: optionalDate(w.updated_at),
    htmlUrl: w.html_url ?? undefined,
    incidentKey: w.incident_key ?? undefined,
    ...snooze(status, w.pending_actions),
  };
}

export function mapNote(w: WireNote): IncidentNote {
  if (!w || typeof w.id !== 'string') throw bad('a note');
  return { id: w.id, content: w.content ?? '', createdAt: date(w.created_at, 'note'), user: mapRef(w.user) };
}

export function mapEscalationPolicy(w: WireEscalationPolicy): EscalationPolicy {
  if (!w || typeof w.id !== 'string' || !Array.isArray(w.escalation_rules)) throw bad('an escalation policy');
  return {
    id: w.id,
    name: w.name ?? w.summary ?? w.id,
    rules: w.escalation_rules.map((r) => ({
      delayMinutes: r.escalation_delay_in_minutes ?? 30,
      targets: (r.targets ?? []).map((t) => ({ type: /^schedule/.test(t.type ?? '') ? ('schedule' as const) : ('user' as const), id: t.id, name: t.summary ?? t.id })),
    })),
  };
}

export function mapRawIncident(w: WireRawIncident): IncidentTimes {
  if (!w || typeof w.id !== 'string') throw bad('an analytics incident');
  const createdAt = date(w.created_at, 'analytics incident');
  const after = (s: number | null | undefined) => (typeof s === 'number' ? { at: new Date(createdAt.getTime() + s * 1000) } : undefined);
  const ack = after(w.seconds_to_first_ack);
  const resolved = after(w.seconds_to_resolve);
  return {
    id: w.id,
    service: w.service_name ?? w.service_id ?? '?',
    urgency: w.urgency === 'low' ? 'low' : 'high',
    createdAt,
    ...(ack ? { firstAckAt: ack.at } : {}),
    ...(resolved ? { resolvedAt: resolved.at } : {}),
  };
}

export function mapLogEntry(w: WireLogEntry): IncidentLogEntry {
  if (!w || typeof w.id !== 'string' || typeof w.type !== 'string') throw bad('a log entry');
  return {
    id: w.id,
    type: w.type.replace(/_log_entry$/, ''),
    at: date(w.created_at, 'log entry'),
    summary: w.summary ?? '',
    ...(w.agent?.summary ? { agent: w.agent.summary } : {}),
    ...(w.note ? { note: w.note } : {}),
  };
}

export function mapOnCall(w: WireOnCall): OnCall {
  const user = mapRef(w.user);
  const escalationPolicy = mapRef(w.escalation_policy);
  if (!user || !escalationPolicy) throw bad('an on-call entry');
  return {
    user: w.user?.email ? { ...user, email: w.user.email } : user,
    escalationPolicy,
    schedule: mapRef(w.schedule),
    level: w.escalation_level ?? 1,
    // null start/end mean a permanent on-call (a user named directly in the policy).
    start: optionalDate(w.start),
    end: optionalDate(w.end),
  };
}

export function mapUser(w: WireUser): User {
  const ref = mapRef(w);
  if (!ref) throw bad('a user');
  return { id: ref.id, name: w.name ?? ref.name, email: w.email ?? '' };
}

export function mapPriority(w: WireRef): Priority {
  const ref = mapRef(w);
  if (!ref) throw bad('a priority');
  return { id: ref.id, name: w.name ?? ref.name };
}

function mapEntry(w: WireScheduleEntry): ScheduleEntry {
  const user = mapRef(w.user);
  if (!user) throw bad('a schedule entry without a user');
  return { user, start: date(w.start, 'schedule entry'), end: date(w.end, 'schedule entry') };
}

export function mapSchedule(w: WireSchedule): Schedule {
  const ref = mapRef(w);
  if (!ref) throw bad('a schedule');
  return {
    id: ref.id,
    name: w.name ?? ref.name,
    users: (w.users ?? []).map(mapRef).filter((r): r is Ref => r !== undefined),
    entries: (w.final_schedule?.rendered_schedule_entries ?? []).map(mapEntry),
  };
}

export function mapOverride(w: WireOverride): Override {
  const user = mapRef(w?.user);
  if (!w || typeof w.id !== 'string' || !user) throw bad('an override');
  return { id: w.id, user, start: date(w.start, 'override'), end: date(w.end, 'override') };
}
