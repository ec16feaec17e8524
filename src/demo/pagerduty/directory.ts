import { ok, paginate, pdError, type Reply } from './http.js';
import { effectiveOnCalls } from './schedules.js';
import type { FakeState, FakeToken } from './types.js';
import { oncallWire, serviceWire, userWire } from './wire.js';

export function me(state: FakeState, token: FakeToken): Reply {
  // An account-level key is not a user, so there is no "me" (the real API answers 400).
  if (!token.userId) {
    return pdError(400, 2001, 'Invalid Input Provided', ['This endpoint requires a user-level API token; account-level API keys have no current user.']);
  }
  const user = state.users.find((u) => u.id === token.userId);
  return user ? ok({ user: userWire(user) }) : pdError(404, 2100, 'Not Found');
}

export function listUsers(state: FakeState, query: Record<string, string[]>): Reply {
  const q = (query.query?.[0] ?? '').toLowerCase();
  const users = state.users.filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q));
  return paginate(users, query, 'users', userWire);
}

export function listServices(state: FakeState, query: Record<string, string[]>): Reply {
  const q = (query.query?.[0] ?? '').toLowerCase();
  const services = state.services.filter((s) => !q || s.name.toLowerCase().includes(q));
  return paginate(services, query, 'services', serviceWire);
}

/** On-calls now (or overlapping since/until), filtered like the real endpoint. */
export function listOnCalls(state: FakeState, query: Record<string, string[]>, now: Date): Reply {
  const userIds = query['user_ids[]'] ?? [];
  const policyIds = query['escalation_policy_ids[]'] ?? [];
  const scheduleIds = query['schedule_ids[]'] ?? [];
  const since = query.since?.[0] ? new Date(query.since[0]) : now;
  const until = query.until?.[0] ? new Date(query.until[0]) : since;
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    return pdError(400, 2004, "Invalid 'since' or 'until' Parameter Values");
  }
  let matches = effectiveOnCalls(state).filter(
    (o) =>
      (userIds.length === 0 || userIds.includes(o.userId)) &&
      (policyIds.length === 0 || policyIds.includes(o.escalationPolicy.id)) &&
      (scheduleIds.length === 0 || (o.schedule !== undefined && scheduleIds.includes(o.schedule.id))) &&
      (!o.start || o.start <= until) &&
      (!o.end || o.end > since),
  );
  if (query.earliest?.[0] === 'true') {
    const seen = new Set<string>();
    matches = [...matches]
      .sort((a, b) => (a.start?.getTime() ?? 0) - (b.start?.getTime() ?? 0))
      .filter((o) => {
        const key = `${o.escalationPolicy.id}/${o.level}/${o.userId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }
  const includeUsers = (query['include[]'] ?? []).includes('users');
  return paginate(matches, query, 'oncalls', (o) => oncallWire(state, o, includeUsers));
}
