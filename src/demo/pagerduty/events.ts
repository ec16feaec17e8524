import { randomBytes } from 'node:crypto';
import type { Reply } from './http.js';
import { logTo } from './log.js';
import { addIncidentTo } from './state.js';
import type { FakeIncident, FakeState } from './types.js';

/**
 * Events API v2 (`POST /v2/enqueue`), as PagerDuty documents it: an event acts on the alert with its
 * `dedup_key`, and the incident that alert opened keeps the key as `incident_key`. Alertmanager's
 * PagerDuty receiver pages through this, so tests can point a real Alertmanager at the fake and read
 * back the keys it really sends.
 */

const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
const SEVERITIES = ['critical', 'warning', 'error', 'info'];
const MAX_SUMMARY = 1024;

function eventError(status: number, ...errors: string[]): Reply {
  return { status, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
}

function validate(raw: unknown, routingKeys: Map<string, string>): string | undefined {
  if (typeof raw !== 'object' || raw === null) return 'Event object format is unrecognized';
  const e = raw as Record<string, unknown>;
  if (typeof e.routing_key !== 'string' || !routingKeys.has(e.routing_key)) return 'Invalid routing key';
  if (!ACTIONS.includes(e.event_action as (typeof ACTIONS)[number])) return "'event_action' is invalid (must be one of: trigger, acknowledge, resolve)";
  if (e.event_action !== 'trigger' && (typeof e.dedup_key !== 'string' || e.dedup_key === '')) return "'dedup_key' is required for acknowledge and resolve";
  if (e.event_action === 'trigger') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== 'object') return "'payload' is missing or invalid";
    if (typeof p.summary !== 'string' || p.summary === '') return "'payload.summary' is missing or blank";
    if (typeof p.source !== 'string' || p.source === '') return "'payload.source' is missing or blank";
    if (!SEVERITIES.includes(p.severity as string)) return "'payload.severity' is invalid (must be one of: critical, warning, error, info)";
  }
  return undefined;
}

/** Dedup keys are scoped to the integration's service: the same key on two services opens two incidents. */
const openWithKey = (state: FakeState, key: string, serviceId: string | undefined): FakeIncident | undefined =>
  state.incidents.find((i) => i.incidentKey === key && i.serviceId === serviceId && i.status !== 'resolved');

/** `routingKeys`: integration key → service id. */
export function enqueueEvent(state: FakeState, body: unknown, routingKeys: Map<string, string>, now: Date): Reply {
  const problem = validate(body, routingKeys);
  if (problem) return eventError(400, problem);
  const e = body as { routing_key: string; event_action: (typeof ACTIONS)[number]; dedup_key?: string; payload?: { summary: string } };
  const dedupKey = e.dedup_key || randomBytes(16).toString('hex');
  const serviceId = routingKeys.get(e.routing_key);
  const open = openWithKey(state, dedupKey, serviceId);
  if (e.event_action === 'trigger' && !open) {
    const title = (e.payload?.summary ?? '').slice(0, MAX_SUMMARY);
    addIncidentTo(state, { title, service: serviceId, incidentKey: dedupKey }, now);
  } else if (open && e.event_action !== 'trigger') {
    const status = e.event_action === 'acknowledge' ? 'acknowledged' : 'resolved';
    if (open.status !== status) logTo(open, status === 'resolved' ? 'resolve_log_entry' : 'acknowledge_log_entry', now);
    open.status = status;
    if (open.status === 'resolved') open.assigneeIds = [];
    open.updatedAt = now;
  }
  return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
}
