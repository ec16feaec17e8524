import type { IncidentStatus } from '../../domain/types.js';
import { applyChanges, incidentChanges } from './changes.js';
import { invalid, notFound, ok, paginate, pdError, type Reply } from './http.js';
import { logTo } from './log.js';
import { findIncident, makeIdFactory } from './state.js';
import type { FakeIncident, FakeState, FakeUser } from './types.js';
import { incidentWire, noteWire } from './wire.js';

const STATUSES = ['triggered', 'acknowledged', 'resolved'];
const URGENCIES = ['high', 'low'];
const ARRAY_PARAMS = ['statuses', 'urgencies', 'user_ids', 'service_ids', 'team_ids', 'include'];
const MONTH_MS = 30 * 24 * 3600 * 1000;
const MAX_RANGE_MS = 6 * 31 * 24 * 3600 * 1000;
const newNoteId = makeIdFactory('PN');

/**
 * Arrays must come as repeated `name[]=`; a bare `name=` or indexed `name[0]=` is what a careless
 * client sends, so the fake refuses it rather than guessing.
 */
function badArrayForm(query: Record<string, string[]>): Reply | undefined {
  for (const key of Object.keys(query)) {
    const m = /^([a-z_]+)(\[\d+\])?$/.exec(key);
    if (m && ARRAY_PARAMS.includes(m[1] ?? '') && (m[2] || key === m[1])) {
      return invalid(`${m[1]} must be passed as ${m[1]}[]=value, repeated for each value`);
    }
  }
  return undefined;
}

function parseTime(raw: string | undefined): Date | undefined | 'bad' {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

export function listIncidents(state: FakeState, query: Record<string, string[]>, now: Date): Reply {
  const bad = badArrayForm(query);
  if (bad) return bad;
  const statuses = query['statuses[]'] ?? [];
  const urgencies = query['urgencies[]'] ?? [];
  if (statuses.some((s) => !STATUSES.includes(s))) return invalid('Status must be a list of triggered, acknowledged, or resolved.');
  if (urgencies.some((u) => !URGENCIES.includes(u))) return invalid('Urgency must be high or low.');
  const userIds = query['user_ids[]'] ?? [];
  const serviceIds = query['service_ids[]'] ?? [];
  const all = query.date_range?.[0] === 'all';
  const since = parseTime(query.since?.[0]);
  const until = parseTime(query.until?.[0]);
  if (since === 'bad' || until === 'bad') return pdError(400, 2004, "Invalid 'since' or 'until' Parameter Values");
  const to = until ?? now;
  const from = since ?? new Date(to.getTime() - MONTH_MS);
  if (!all && (from > to || to.getTime() - from.getTime() > MAX_RANGE_MS)) {
    return pdError(400, 2005, 'Invalid Query Date Range', ['The maximum range is 6 months.']);
  }
  const matches = state.incidents.filter(
    (i) =>
      (all || (i.createdAt >= from && i.createdAt < to)) &&
      (statuses.length === 0 || statuses.includes(i.status)) &&
      (urgencies.length === 0 || urgencies.includes(i.urgency)) &&
      (serviceIds.length === 0 || serviceIds.includes(i.serviceId)) &&
      // Only open incidents have assignees, as the real API documents.
      (userIds.length === 0 || i.assigneeIds.some((u) => userIds.includes(u))),
  );
  return paginate(matches, query, 'incidents', (i) => incidentWire(state, i));
}

export function getIncident(state: FakeState, id: string): Reply {
  const incident = findIncident(state, id);
  return incident ? ok({ incident: incidentWire(state, incident) }) : notFound();
}

/**
 * Applies a status change the way the spec describes: acknowledging or triggering a resolved incident
 * reopens it; resolving clears the assignments; acknowledging assigns the acting user if none.
 */
function applyStatus(incident: FakeIncident, status: IncidentStatus, actor: FakeUser, now: Date): void {
  if (status === 'resolved') incident.assigneeIds = [];
  else if (status === 'acknowledged' && (incident.status === 'resolved' || incident.assigneeIds.length === 0)) {
    incident.assigneeIds = [actor.id];
  }
  if (incident.status !== status) logTo(incident, status === 'resolved' ? 'resolve_log_entry' : status === 'acknowledged' ? 'acknowledge_log_entry' : 'trigger_log_entry', now, actor.id);
  incident.status = status;
  incident.updatedAt = now;
  incident.lastChangedBy = actor.id;
}

function checkUpdate(raw: unknown, needsId: boolean): string | undefined {
  if (typeof raw !== 'object' || raw === null) return 'each update must be an object';
  const u = raw as Record<string, unknown>;
  if (needsId && typeof u.id !== 'string') return 'id is required';
  if (u.type !== 'incident' && u.type !== 'incident_reference') return 'type must be incident or incident_reference';
  if (u.status !== undefined && !STATUSES.includes(u.status as string)) return 'Status must be triggered, acknowledged, or resolved.';
  return undefined;
}

export function updateIncident(state: FakeState, id: string, body: unknown, actor: FakeUser, now: Date): Reply {
  const update = (body as { incident?: unknown } | undefined)?.incident;
  const problem = update === undefined ? 'incident is required' : checkUpdate(update, false);
  if (problem) return invalid(problem);
  const changes = incidentChanges(state, update as Record<string, unknown>, actor, now);
  if (typeof changes === 'string') return invalid(changes);
  const incident = findIncident(state, id);
  if (!incident) return notFound();
  const refused = applyChanges(state, incident, changes, (update as { escalation_level?: number }).escalation_level);
  if (refused) return invalid(refused);
  const status = (update as { status?: IncidentStatus }).status;
  if (status) applyStatus(incident, status, actor, now);
  return ok({ incident: incidentWire(state, incident) });
}

export function updateIncidents(state: FakeState, body: unknown, actor: FakeUser, now: Date): Reply {
  const updates = (body as { incidents?: unknown } | undefined)?.incidents;
  if (!Array.isArray(updates)) return invalid('incidents must be an array');
  if (updates.length > 250) {
    return pdError(413, 2001, 'Request Entity Too Large', ['At most 250 incidents can be updated at once.']);
  }
  for (const u of updates) {
    const problem = checkUpdate(u, true);
    if (problem) return invalid(problem);
  }
  // Check every id first so a bad one changes nothing.
  const targets = updates.map((u) => findIncident(state, (u as { id: string }).id));
  if (targets.some((t) => !t)) return notFound();
  updates.forEach((u, n) => {
    const status = (u as { status?: IncidentStatus }).status;
    if (status) applyStatus(targets[n] as FakeIncident, status, actor, now);
  });
  const wire = targets.map((t) => incidentWire(state, t as FakeIncident));
  return ok({ incidents: wire, limit: wire.length, offset: 0, more: false, total: null });
}

export function listNotes(state: FakeState, id: string): Reply {
  const incident = findIncident(state, id);
  return incident ? ok({ notes: incident.notes.map((n) => noteWire(state, n)) }) : notFound();
}

export function addNote(state: FakeState, id: string, body: unknown, actor: FakeUser, now: Date): Reply {
  const content = (body as { note?: { content?: unknown } } | undefined)?.note?.content;
  if (typeof content !== 'string' || content.trim() === '') return invalid('Note content is required.');
  const incident = findIncident(state, id);
  if (!incident) return notFound();
  const note = { id: newNoteId(), content, createdAt: now, userId: actor.id };
  incident.notes.push(note);
  logTo(incident, 'annotate_log_entry', now, actor.id, { channel: 'note', note: content });
  return ok({ note: noteWire(state, note) });
}
