import type { Incident, Ref } from '../../domain/types.js';
import type { FakeIncident, FakePdOptions, FakeState, FakeUser, IncidentSeed } from './types.js';

const DEFAULT_POLICY = { id: 'PDEFEP1', name: 'Default Escalation Policy' };

/** Ids shaped like PagerDuty's: P + at least six upper-case letters or digits. */
export function makeIdFactory(prefix = 'P'): () => string {
  let n = 0;
  return () => `${prefix}${(++n).toString(36).toUpperCase().padStart(6, '0')}`;
}

const newId = makeIdFactory('P');

export function buildState(opts: FakePdOptions, now: Date): FakeState {
  const state: FakeState = {
    users: [], services: [], incidents: [], oncalls: [], escalationPolicies: [...(opts.escalationPolicies ?? [])], schedules: [],
    priorities: (opts.priorities ?? DEFAULT_PRIORITIES).map((name) => ({ id: priorityId(name), name })),
    nextNumber: 1,
  };
  for (const u of opts.users ?? []) state.users.push({ id: u.id ?? newId(), name: u.name, email: u.email });
  for (const s of opts.services ?? []) {
    state.services.push({ id: s.id ?? newId(), name: s.name, escalationPolicy: s.escalationPolicy ?? DEFAULT_POLICY });
  }
  for (const seed of opts.incidents ?? []) addIncidentTo(state, seed, now);
  for (const o of opts.oncalls ?? []) {
    const user = findUser(state, o.user);
    if (!user) throw new Error(`fake PagerDuty: on-call seed names unknown user ${o.user}`);
    state.oncalls.push({ userId: user.id, escalationPolicy: o.escalationPolicy, schedule: o.schedule, level: o.level ?? 1, start: o.start, end: o.end });
    if (o.schedule) joinSchedule(state, o.schedule, user.id);
  }
  for (const seed of opts.schedules ?? []) {
    for (const u of seed.users) {
      const user = findUser(state, u);
      if (!user) throw new Error(`fake PagerDuty: schedule seed names unknown user ${u}`);
      joinSchedule(state, seed, user.id);
    }
  }
  return state;
}

const DEFAULT_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];

/** The id a priority name gets, so seeds may name priorities and the wire still carries ids. */
export function priorityId(name: string): string {
  return `PPRI${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.padEnd(7, '0');
}

/** A schedule's members are everyone who has a shift on it, plus those the schedule seeds name. */
function joinSchedule(state: FakeState, ref: Ref, userId: string): void {
  let schedule = state.schedules.find((s) => s.id === ref.id);
  if (!schedule) state.schedules.push((schedule = { id: ref.id, name: ref.name, userIds: [], overrides: [] }));
  if (!schedule.userIds.includes(userId)) schedule.userIds.push(userId);
}

export function findUser(state: FakeState, idOrEmail: string): FakeUser | undefined {
  const key = idOrEmail.toLowerCase();
  return state.users.find((u) => u.id === idOrEmail || u.email.toLowerCase() === key);
}

export function findIncident(state: FakeState, id: string): FakeIncident | undefined {
  return state.incidents.find((i) => i.id === id);
}

function ensureService(state: FakeState, idOrName: string | undefined) {
  const found = idOrName
    ? state.services.find((s) => s.id === idOrName || s.name === idOrName)
    : state.services[0];
  if (found) return found;
  const created = { id: newId(), name: idOrName ?? 'Default Service', escalationPolicy: DEFAULT_POLICY };
  state.services.push(created);
  return created;
}

/** Adds one incident, keeping the list in creation order so windows and paging stay cheap. */
export function addIncidentTo(state: FakeState, seed: IncidentSeed, now: Date): FakeIncident {
  const service = ensureService(state, seed.service);
  const status = seed.status ?? 'triggered';
  const assigneeIds = status === 'resolved' ? [] : (seed.assignees ?? []).map((a) => {
    const user = findUser(state, a);
    if (!user) throw new Error(`fake PagerDuty: incident seed names unknown user ${a}`);
    return user.id;
  });
  const createdAt = seed.createdAt ?? now;
  const number = state.nextNumber++;
  const incident: FakeIncident = {
    id: seed.id ?? newId(),
    number,
    title: seed.title,
    status,
    urgency: seed.urgency ?? 'high',
    serviceId: service.id,
    assigneeIds,
    priority: seed.priority,
    createdAt,
    updatedAt: createdAt,
    incidentKey: seed.incidentKey ?? `fake-${number}`,
    escalationPolicy: service.escalationPolicy,
    notes: [],
    log: [{ id: `RT${number}`, type: 'trigger_log_entry', createdAt, channel: 'auto' }],
    escalationLevel: 1,
  };
  // The log says when it was acknowledged and resolved, so MTTA and MTTR read from it are the seed's.
  if (seed.acknowledgedAt || status === 'acknowledged') {
    incident.log.push({ id: `RA${number}`, type: 'acknowledge_log_entry', createdAt: seed.acknowledgedAt ?? createdAt, channel: 'auto' });
  }
  if (status === 'resolved') incident.log.push({ id: `RR${number}`, type: 'resolve_log_entry', createdAt: seed.resolvedAt ?? createdAt, channel: 'auto' });
  incident.updatedAt = incident.log[incident.log.length - 1]!.createdAt;
  const last = state.incidents[state.incidents.length - 1];
  // Seeds usually arrive oldest first; only an out-of-order one pays for the search.
  const at = !last || last.createdAt <= createdAt ? -1 : state.incidents.findIndex((i) => i.createdAt > createdAt);
  if (at < 0) state.incidents.push(incident);
  else state.incidents.splice(at, 0, incident);
  return incident;
}

/** The domain view of a fake incident, for tests that compare with what the client returns. */
export function toDomainIncident(state: FakeState, i: FakeIncident): Incident {
  const service = state.services.find((s) => s.id === i.serviceId);
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    priority: i.priority,
    service: { id: i.serviceId, name: service?.name ?? i.serviceId },
    assignees: i.assigneeIds.map((id) => ({ id, name: state.users.find((u) => u.id === id)?.name ?? id })),
    escalationPolicy: i.escalationPolicy,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    htmlUrl: `https://fake.pagerduty.local/incidents/${i.id}`,
    incidentKey: i.incidentKey,
  };
}
