import { invalid, notFound, ok, type Reply } from './http.js';
import type { FakeState } from './types.js';

/**
 * `POST /analytics/raw/incidents`: one record per incident with its response times, for accounts that
 * have analytics (the fake's `analytics` option). Without it the fake answers 404, as an account
 * without the feature answers an error, so clients must fall back to the log entries.
 */
const secs = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000);

export function rawIncidents(state: FakeState, body: unknown, enabled: boolean): Reply {
  if (!enabled) return notFound();
  const b = (body ?? {}) as { filters?: Record<string, unknown>; limit?: unknown; starting_after?: unknown };
  const f = b.filters ?? {};
  const start = typeof f.created_at_start === 'string' ? new Date(f.created_at_start) : undefined;
  const end = typeof f.created_at_end === 'string' ? new Date(f.created_at_end) : undefined;
  if ((start && Number.isNaN(start.getTime())) || (end && Number.isNaN(end.getTime()))) return invalid('created_at_start and created_at_end must be ISO 8601 times');
  const limit = b.limit === undefined ? 20 : Number(b.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid('limit must be between 1 and 1000');
  const serviceIds = Array.isArray(f.service_ids) ? (f.service_ids as string[]) : undefined;
  const all = state.incidents
    .filter((i) => (!start || i.createdAt >= start) && (!end || i.createdAt < end) && (!serviceIds || serviceIds.includes(i.serviceId)) && (!f.urgency || i.urgency === f.urgency))
    .sort((a, b2) => a.createdAt.getTime() - b2.createdAt.getTime());
  const from = typeof b.starting_after === 'string' ? all.findIndex((i) => i.id === b.starting_after) + 1 : 0;
  const page = all.slice(from, from + limit);
  const data = page.map((i) => {
    const ack = i.log.find((e) => e.type === 'acknowledge_log_entry');
    const resolved = [...i.log].reverse().find((e) => e.type === 'resolve_log_entry');
    const service = state.services.find((s) => s.id === i.serviceId);
    return {
      id: i.id,
      incident_number: i.number,
      created_at: i.createdAt.toISOString(),
      resolved_at: resolved && i.status === 'resolved' ? resolved.createdAt.toISOString() : null,
      seconds_to_first_ack: ack ? secs(i.createdAt, ack.createdAt) : null,
      seconds_to_resolve: resolved && i.status === 'resolved' ? secs(i.createdAt, resolved.createdAt) : null,
      service_id: i.serviceId,
      service_name: service?.name ?? i.serviceId,
      urgency: i.urgency,
      description: i.title,
    };
  });
  return ok({ data, first: data[0]?.id ?? null, last: data[data.length - 1]?.id ?? null, limit, more: from + limit < all.length, order: 'asc', order_by: 'created_at', time_zone: 'Etc/UTC', filters: f });
}
