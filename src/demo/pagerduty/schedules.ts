import { invalid, notFound, ok, paginate, type Reply } from './http.js';
import { findUser, makeIdFactory } from './state.js';
import type { FakeOnCall, FakeOverride, FakeSchedule, FakeState } from './types.js';
import { reference } from './wire.js';

/**
 * Schedules as PagerDuty keeps them: members, shifts (the on-call seeds that name the schedule) and
 * overrides that cut into those shifts. Who is on call comes from here, so an override shows up in
 * `/oncalls` exactly where the schedule is used.
 */
const newOverrideId = makeIdFactory('Q');
const DAY_MS = 24 * 3_600_000;

type Span = { start?: Date; end?: Date };

/** `span` minus every override: the pieces of a shift that the schedule's own rotation still covers. */
function cut(o: FakeOnCall, overrides: FakeOverride[]): FakeOnCall[] {
  let pieces: Span[] = [{ start: o.start, end: o.end }];
  for (const ov of overrides) {
    pieces = pieces.flatMap((p) => {
      const startsBefore = !p.start || p.start < ov.end;
      const endsAfter = !p.end || p.end > ov.start;
      if (!(startsBefore && endsAfter)) return [p];
      const out: Span[] = [];
      if (!p.start || p.start < ov.start) out.push({ start: p.start, end: ov.start });
      if (!p.end || p.end > ov.end) out.push({ start: ov.end, end: p.end });
      return out;
    });
  }
  return pieces.map((p) => ({ ...o, start: p.start, end: p.end }));
}

/** Every on-call entry with overrides applied: cut out of the rotation, added where the schedule is used. */
export function effectiveOnCalls(state: FakeState): FakeOnCall[] {
  const out: FakeOnCall[] = [];
  for (const o of state.oncalls) {
    const schedule = o.schedule ? state.schedules.find((s) => s.id === o.schedule?.id) : undefined;
    out.push(...(schedule?.overrides.length ? cut(o, schedule.overrides) : [o]));
  }
  for (const schedule of state.schedules) {
    const uses = new Map<string, FakeOnCall>();
    for (const o of state.oncalls) if (o.schedule?.id === schedule.id) uses.set(`${o.escalationPolicy.id}/${o.level}`, o);
    for (const ov of schedule.overrides) {
      for (const use of uses.values()) out.push({ userId: ov.userId, escalationPolicy: use.escalationPolicy, schedule: use.schedule, level: use.level, start: ov.start, end: ov.end });
    }
  }
  return out.sort((a, b) => (a.start?.getTime() ?? 0) - (b.start?.getTime() ?? 0));
}

const userRef = (state: FakeState, id: string) => reference('user', 'users', { id, name: state.users.find((u) => u.id === id)?.name ?? id });
const entryWire = (state: FakeState, e: { userId: string; start?: Date; end?: Date }, at: Date) => ({
  start: (e.start ?? at).toISOString(),
  end: (e.end ?? new Date(at.getTime() + DAY_MS)).toISOString(),
  user: userRef(state, e.userId),
});

function scheduleWire(state: FakeState, s: FakeSchedule, window?: { since: Date; until: Date }) {
  const policies = new Map(state.oncalls.filter((o) => o.schedule?.id === s.id).map((o) => [o.escalationPolicy.id, o.escalationPolicy]));
  const base = {
    ...reference('schedule', 'schedules', { id: s.id, name: s.name }),
    type: 'schedule',
    name: s.name,
    time_zone: 'Etc/UTC',
    description: null,
    escalation_policies: [...policies.values()].map((p) => reference('escalation_policy', 'escalation_policies', p)),
    users: s.userIds.map((id) => userRef(state, id)),
    teams: [],
  };
  if (!window) return base;
  const inWindow = (e: Span) => (!e.start || e.start < window.until) && (!e.end || e.end > window.since);
  const seen = new Set<string>();
  const final = effectiveOnCalls(state)
    .filter((o) => o.schedule?.id === s.id && inWindow(o))
    .filter((o) => {
      const key = `${o.userId}/${o.start?.getTime()}/${o.end?.getTime()}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  return {
    ...base,
    schedule_layers: [],
    overrides_subschedule: { name: 'Overrides', rendered_schedule_entries: s.overrides.filter(inWindow).map((o) => entryWire(state, o, window.since)) },
    final_schedule: { name: 'Final Schedule', rendered_schedule_entries: final.map((o) => entryWire(state, o, window.since)) },
  };
}

export function listSchedules(state: FakeState, query: Record<string, string[]>): Reply {
  const q = (query.query?.[0] ?? '').toLowerCase();
  return paginate(state.schedules.filter((s) => !q || s.name.toLowerCase().includes(q)), query, 'schedules', (s) => scheduleWire(state, s));
}

export function getSchedule(state: FakeState, id: string, query: Record<string, string[]>, now: Date): Reply {
  const schedule = state.schedules.find((s) => s.id === id);
  if (!schedule) return notFound();
  const since = query.since?.[0] ? new Date(query.since[0]) : now;
  const until = query.until?.[0] ? new Date(query.until[0]) : new Date(since.getTime() + 7 * DAY_MS);
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) return invalid("Invalid 'since' or 'until'");
  return ok({ schedule: scheduleWire(state, schedule, { since, until }) });
}

/** One override as PagerDuty answers it: a status per item, an error list for the ones refused. */
function createOne(state: FakeState, schedule: FakeSchedule, raw: unknown) {
  const o = (raw ?? {}) as { start?: unknown; end?: unknown; user?: { id?: unknown; type?: unknown } };
  const start = typeof o.start === 'string' ? new Date(o.start) : new Date(NaN);
  const end = typeof o.end === 'string' ? new Date(o.end) : new Date(NaN);
  const user = typeof o.user?.id === 'string' ? findUser(state, o.user.id) : undefined;
  const errors: string[] = [];
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) errors.push('Override start and end must be date-times');
  else if (end <= start) errors.push('Override must end after its start');
  if (o.user?.type !== 'user_reference') errors.push("Override user must be a reference of type 'user_reference'");
  else if (!user) errors.push('User not found');
  const echo = { start: o.start, end: o.end, user: user ? userRef(state, user.id) : o.user };
  if (errors.length || !user) return { status: 400, errors, override: echo };
  const override: FakeOverride = { id: newOverrideId(), userId: user.id, start, end };
  schedule.overrides.push(override);
  return { status: 201, override: { id: override.id, start: start.toISOString(), end: end.toISOString(), user: userRef(state, user.id) } };
}

export function createOverrides(state: FakeState, id: string, body: unknown): Reply {
  const schedule = state.schedules.find((s) => s.id === id);
  if (!schedule) return notFound();
  const list = (body as { overrides?: unknown } | undefined)?.overrides;
  if (!Array.isArray(list) || list.length === 0) return invalid('overrides must be a non-empty array');
  return ok(list.map((raw) => createOne(state, schedule, raw)), 201);
}
