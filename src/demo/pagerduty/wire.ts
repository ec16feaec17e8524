import type { Ref } from '../../domain/types.js';
import { priorityId } from './state.js';
import type { FakeIncident, FakeNote, FakeOnCall, FakeService, FakeState, FakeUser } from './types.js';

/** Wire shapes as PagerDuty's REST v2 OpenAPI describes them (references carry id/type/summary/self/html_url). */

const API = 'https://api.pagerduty.com';
const WEB = 'https://fake.pagerduty.local';

export function reference(type: string, collection: string, ref: Ref) {
  return {
    id: ref.id,
    type: `${type}_reference`,
    summary: ref.name,
    self: `${API}/${collection}/${ref.id}`,
    html_url: `${WEB}/${collection}/${ref.id}`,
  };
}

export function userWire(u: FakeUser) {
  return {
    id: u.id,
    type: 'user',
    summary: u.name,
    self: `${API}/users/${u.id}`,
    html_url: `${WEB}/users/${u.id}`,
    name: u.name,
    email: u.email,
    time_zone: 'Etc/UTC',
    color: 'green',
    role: 'user',
    avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
    description: null,
    invitation_sent: false,
    job_title: 'Engineer',
    contact_methods: [],
    notification_rules: [],
    teams: [],
  };
}

export function serviceWire(s: FakeService) {
  return {
    id: s.id,
    type: 'service',
    summary: s.name,
    self: `${API}/services/${s.id}`,
    html_url: `${WEB}/service-directory/${s.id}`,
    name: s.name,
    description: null,
    status: 'active',
    escalation_policy: reference('escalation_policy', 'escalation_policies', s.escalationPolicy),
    teams: [],
    incident_urgency_rule: { type: 'constant', urgency: 'high' },
  };
}

function userRef(state: FakeState, id: string) {
  const user = state.users.find((u) => u.id === id);
  return reference('user', 'users', { id, name: user?.name ?? id });
}

export function incidentWire(state: FakeState, i: FakeIncident) {
  const service = state.services.find((s) => s.id === i.serviceId);
  const at = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: i.id,
    type: 'incident',
    summary: `[#${i.number}] ${i.title}`,
    self: `${API}/incidents/${i.id}`,
    html_url: `${WEB}/incidents/${i.id}`,
    incident_number: i.number,
    title: i.title,
    created_at: at(i.createdAt),
    updated_at: at(i.updatedAt),
    status: i.status,
    incident_key: i.incidentKey,
    service: reference('service', 'services', { id: i.serviceId, name: service?.name ?? i.serviceId }),
    assignments: i.assigneeIds.map((id) => ({ at: at(i.updatedAt), assignee: userRef(state, id) })),
    assigned_via: 'escalation_policy',
    last_status_change_at: at(i.updatedAt),
    resolved_at: i.status === 'resolved' ? at(i.updatedAt) : null,
    last_status_change_by: i.lastChangedBy ? userRef(state, i.lastChangedBy) : reference('service', 'services', { id: i.serviceId, name: service?.name ?? i.serviceId }),
    escalation_policy: reference('escalation_policy', 'escalation_policies', i.escalationPolicy),
    teams: [],
    // A snoozed incident returns to triggered ("unacknowledge") when the snooze ends.
    pending_actions: i.snoozedUntil ? [{ type: 'unacknowledge', at: at(i.snoozedUntil) }] : [],
    acknowledgements: [],
    priority: i.priority ? priorityRef(i.priority) : null,
    urgency: i.urgency,
    is_mergeable: true,
    incident_type: { name: 'incident_default' },
    resolve_reason: null,
    incidents_responders: [],
    responder_requests: [],
  };
}

export function priorityWire(p: { id: string; name: string }) {
  return { id: p.id, type: 'priority', summary: p.name, self: `${API}/priorities/${p.id}`, name: p.name, description: '' };
}

function priorityRef(name: string) {
  const id = priorityId(name);
  return { id, type: 'priority_reference', summary: name, self: `${API}/priorities/${id}` };
}

export function noteWire(state: FakeState, n: FakeNote) {
  return {
    id: n.id,
    user: userRef(state, n.userId),
    channel: { summary: 'The PagerDuty website or APIs' },
    content: n.content,
    created_at: n.createdAt.toISOString(),
    updated_at: n.createdAt.toISOString(),
  };
}

export function oncallWire(state: FakeState, o: FakeOnCall, includeUsers: boolean) {
  const user = state.users.find((u) => u.id === o.userId);
  return {
    user: includeUsers && user ? userWire(user) : userRef(state, o.userId),
    schedule: o.schedule ? reference('schedule', 'schedules', o.schedule) : null,
    escalation_policy: reference('escalation_policy', 'escalation_policies', o.escalationPolicy),
    escalation_level: o.level,
    start: o.start ? o.start.toISOString() : null,
    end: o.end ? o.end.toISOString() : null,
  };
}
