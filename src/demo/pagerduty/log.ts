import { notFound, paginate, pdError, type Reply } from './http.js';
import { findIncident, makeIdFactory } from './state.js';
import type { FakeIncident, FakeLogEntry, FakeState } from './types.js';
import { reference } from './wire.js';

/**
 * Each incident's log, as PagerDuty keeps it: trigger, acknowledge, annotate, escalate, resolve…, oldest
 * first, with who did it and through which channel. Every state change in the fake appends here, so
 * timelines and MTTA/MTTR can be checked against the fake's own history.
 */
const newLogId = makeIdFactory('R');

const SUMMARIES: Record<FakeLogEntry['type'], string> = {
  trigger_log_entry: 'Triggered through the API',
  acknowledge_log_entry: 'Acknowledged',
  annotate_log_entry: 'Note added',
  resolve_log_entry: 'Resolved',
  escalate_log_entry: 'Escalated',
  snooze_log_entry: 'Snoozed',
  assign_log_entry: 'Assigned',
  urgency_change_log_entry: 'Urgency changed',
};

export function logTo(incident: FakeIncident, type: FakeLogEntry['type'], at: Date, agentId?: string, extra: Partial<FakeLogEntry> = {}): void {
  incident.log.push({ id: newLogId(), type, createdAt: at, agentId, channel: agentId ? 'api' : 'auto', ...extra });
}

const OVERVIEW: Array<FakeLogEntry['type']> = ['trigger_log_entry', 'acknowledge_log_entry', 'resolve_log_entry', 'escalate_log_entry', 'annotate_log_entry', 'snooze_log_entry'];

function entryWire(state: FakeState, i: FakeIncident, e: FakeLogEntry) {
  const agent = e.agentId ? state.users.find((u) => u.id === e.agentId) : undefined;
  const service = state.services.find((s) => s.id === i.serviceId);
  return {
    id: e.id,
    type: e.type,
    summary: e.summary ?? SUMMARIES[e.type],
    self: `https://api.pagerduty.com/log_entries/${e.id}?incident_id=${i.id}`,
    html_url: null,
    // Whole seconds, as PagerDuty writes its times.
    created_at: e.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    agent: agent ? reference('user', 'users', agent) : { id: i.serviceId, type: 'service_reference', summary: service?.name ?? i.serviceId },
    channel: { type: e.channel, ...(e.note ? { summary: e.note } : {}) },
    ...(e.note ? { note: e.note } : {}),
    service: reference('service', 'services', { id: i.serviceId, name: service?.name ?? i.serviceId }),
    incident: reference('incident', 'incidents', { id: i.id, name: i.title }),
    teams: [],
    contexts: [],
    event_details: {},
  };
}

export function listLogEntries(state: FakeState, id: string, query: Record<string, string[]>): Reply {
  const incident = findIncident(state, id);
  if (!incident) return notFound();
  const since = query.since?.[0] ? new Date(query.since[0]) : undefined;
  const until = query.until?.[0] ? new Date(query.until[0]) : undefined;
  if ((since && Number.isNaN(since.getTime())) || (until && Number.isNaN(until.getTime()))) return pdError(400, 2004, "Invalid 'since' or 'until' Parameter Values");
  const overview = query.is_overview?.[0] === 'true';
  // PagerDuty lists log entries newest first.
  const entries = [...incident.log]
    .reverse()
    .filter((e) => (!since || e.createdAt >= since) && (!until || e.createdAt < until) && (!overview || OVERVIEW.includes(e.type)));
  return paginate(entries, query, 'log_entries', (e) => entryWire(state, incident, e));
}
