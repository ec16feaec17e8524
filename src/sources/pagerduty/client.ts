import { OncallError, usageError } from '../../domain/errors.js';
import type { IncidentTimes } from '../../domain/report.js';
import type { EscalationPolicy } from '../../domain/response.js';
import type { Incident, IncidentLogEntry, IncidentNote, IncidentStatus, OnCall, Urgency, User } from '../../domain/types.js';
import { createHttp, type TransportOptions } from '../transport.js';
import { SOURCE } from './errors.js';
import { listIncidents } from './list.js';
import { WAIT_AND_RETRY } from '../ratelimit.js';
import { mapOverride, mapPriority, mapSchedule } from './mappers.js';
import type { Override, Priority, Schedule } from '../../domain/schedules.js';
import type { WireOverride, WireRef, WireSchedule } from './wire.js';
import { mapEscalationPolicy, mapIncident, mapRawIncident, mapLogEntry, mapNote, mapOnCall, mapUser } from './mappers.js';
import { PdHttp, type Sleep } from './request.js';
import type { WireEscalationPolicy, WireIncident, WireRawIncident, WireLogEntry, WireNote, WireOnCall, WirePage, WireUser } from './wire.js';

export const PAGERDUTY_URL = 'https://api.pagerduty.com';
export const PAGERDUTY_EU_URL = 'https://api.eu.pagerduty.com';
/** PagerDuty answers 413 above this many incidents in one PUT /incidents. */
export const MAX_BULK = 250;

export interface PagerDutyOptions {
  /** baseURL: PAGERDUTY_URL, or PAGERDUTY_EU_URL for EU accounts; empty means PAGERDUTY_URL. */
  transport: TransportOptions;
  /** API key or OAuth token; never printed. */
  token: string;
  /** 'token' → `Authorization: Token token=<key>`; 'bearer' (OAuth) → `Bearer <token>`. */
  tokenType?: 'token' | 'bearer';
  /** Where the token came from ("env PD_TOKEN", "file ~/.pd"): a 401 says which to check. */
  tokenSource?: string;
  /** Email of a valid PagerDuty user; required for writes. */
  from?: string;
  /** How to wait out a 429; tests inject one that does not sleep. */
  sleep?: Sleep;
  /** Clock for the default 30-day incident window. */
  now?: () => Date;
}

export interface IncidentFilter {
  statuses?: IncidentStatus[];
  urgencies?: Urgency[];
  userIds?: string[];
  serviceIds?: string[];
  teamIds?: string[];
  since?: Date;
  until?: Date;
  dateRange?: 'all';
  max?: number;
}

export interface OnCallFilter {
  scheduleIds?: string[];
  escalationPolicyIds?: string[];
  userIds?: string[];
  earliest?: boolean;
  /** The window the on-calls overlap (PagerDuty: at most 90 days ahead); now by default. */
  since?: Date;
  until?: Date;
}

export interface PagerDutyApi {
  incidents(filter?: IncidentFilter): Promise<Incident[]>;
  incident(id: string): Promise<Incident>;
  acknowledge(ids: string[]): Promise<Incident[]>;
  resolve(ids: string[]): Promise<Incident[]>;
  addNote(id: string, content: string): Promise<IncidentNote>;
  notes(id: string): Promise<IncidentNote[]>;
  logEntries(id: string, since?: Date): Promise<IncidentLogEntry[]>;
  escalationPolicy(id: string): Promise<EscalationPolicy>;
  analyticsIncidentTimes(filter: { since: Date; until: Date; serviceIds?: string[] }): Promise<IncidentTimes[]>;
  oncalls(filter?: OnCallFilter): Promise<OnCall[]>;
  me(): Promise<User>;
  escalate(id: string, level: number): Promise<Incident>;
  reassign(id: string, userIds: string[]): Promise<Incident>;
  setPriority(id: string, priorityId: string): Promise<Incident>;
  snooze(id: string, seconds: number): Promise<Incident>;
  /** The answer's incident is not read: PagerDuty's own example of it lacks a status. */
  merge(targetId: string, sourceIds: string[]): Promise<void>;
  priorities(): Promise<Priority[]>;
  users(query: string): Promise<User[]>;
  schedules(query?: string): Promise<Schedule[]>;
  schedule(id: string, since: Date, until: Date): Promise<Schedule>;
  addOverride(scheduleId: string, o: { userId: string; start: Date; end: Date }): Promise<Override>;
}

/** Incident ids, e.g. PT4KHLK or Q0RIJJZL24RC6W: an upper-case letter then at least six letters or digits. */
const INCIDENT_ID = /^[A-Z][A-Z0-9]{6,}$/;

export function checkIncidentIds(ids: string[]): string[] {
  const unique = [...new Set(ids.map((id) => id.trim()))];
  const bad = unique.filter((id) => !INCIDENT_ID.test(id));
  if (bad.length) {
    throw usageError(
      `not a PagerDuty incident id: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}`,
      'incident ids look like PT4KHLK (not the incident number); `oncall incidents` lists them',
    );
  }
  return unique;
}

export class PagerDutyClient implements PagerDutyApi {
  private readonly http: PdHttp;
  private readonly now: () => Date;

  constructor(opts: PagerDutyOptions) {
    const transport = { ...opts.transport, baseURL: opts.transport.baseURL || PAGERDUTY_URL, name: opts.transport.name || SOURCE };
    const authorization = opts.tokenType === 'bearer' ? `Bearer ${opts.token}` : `Token token=${opts.token}`;
    const rateLimit = transport.rateLimit ?? WAIT_AND_RETRY;
    const policy = opts.sleep ? { ...rateLimit, sleep: opts.sleep } : rateLimit;
    this.http = new PdHttp(createHttp(transport), authorization, opts.from || undefined, policy, opts.tokenSource);
    this.now = opts.now ?? (() => new Date());
  }

  incidents(filter: IncidentFilter = {}): Promise<Incident[]> {
    return listIncidents(this.http, filter, this.now());
  }

  async incident(id: string): Promise<Incident> {
    const [checked] = checkIncidentIds([id]);
    const body = await this.http.json<{ incident?: WireIncident }>({ method: 'GET', path: `/incidents/${checked}`, what: `get incident ${checked}`, ids: [checked as string] });
    return mapIncident(body.incident as WireIncident);
  }

  acknowledge(ids: string[]): Promise<Incident[]> {
    return this.setStatus(ids, 'acknowledged', 'acknowledge');
  }

  resolve(ids: string[]): Promise<Incident[]> {
    return this.setStatus(ids, 'resolved', 'resolve');
  }

  private async setStatus(ids: string[], status: 'acknowledged' | 'resolved', verb: string): Promise<Incident[]> {
    const checked = checkIncidentIds(ids);
    if (checked.length === 0) return [];
    if (checked.length === 1) {
      const id = checked[0] as string;
      const body = await this.http.json<{ incident?: WireIncident }>({
        method: 'PUT', path: `/incidents/${id}`, write: true, what: `${verb} ${id}`, ids: [id],
        body: { incident: { type: 'incident_reference', status } },
      });
      return [mapIncident(body.incident as WireIncident)];
    }
    const done: Incident[] = [];
    for (let start = 0; start < checked.length; start += MAX_BULK) {
      const chunk = checked.slice(start, start + MAX_BULK);
      try {
        const body = await this.http.json<{ incidents?: WireIncident[] }>({
          method: 'PUT', path: '/incidents', write: true, what: `${verb} ${chunk.length} incidents`, ids: chunk,
          body: { incidents: chunk.map((id) => ({ id, type: 'incident_reference', status })) },
        });
        done.push(...(body.incidents ?? []).map(mapIncident));
      } catch (err) {
        throw partial(err, done.length, checked.length, verb);
      }
    }
    return done;
  }

  async addNote(id: string, content: string): Promise<IncidentNote> {
    const [checked] = checkIncidentIds([id]) as [string];
    if (!content.trim()) throw usageError('a note needs some text');
    const body = await this.http.json<{ note?: WireNote }>({
      method: 'POST', path: `/incidents/${checked}/notes`, write: true, what: `add a note to ${checked}`, ids: [checked],
      body: { note: { content } },
    });
    return mapNote(body.note as WireNote);
  }

  async notes(id: string): Promise<IncidentNote[]> {
    const [checked] = checkIncidentIds([id]) as [string];
    const body = await this.http.json<{ notes?: WireNote[] }>({ method: 'GET', path: `/incidents/${checked}/notes`, what: `list notes of ${checked}`, ids: [checked] });
    return (body.notes ?? []).map(mapNote);
  }

  /**
   * Per-incident response times from PagerDuty's analytics (`POST /analytics/raw/incidents`), paged by
   * cursor. Accounts without analytics answer an error: the caller falls back to the log entries.
   */
  async analyticsIncidentTimes(filter: { since: Date; until: Date; serviceIds?: string[] }): Promise<IncidentTimes[]> {
    const out: IncidentTimes[] = [];
    for (let after: string | undefined; ; ) {
      const body = {
        filters: { created_at_start: filter.since.toISOString(), created_at_end: filter.until.toISOString(), ...(filter.serviceIds ? { service_ids: filter.serviceIds } : {}) },
        limit: 1000,
        order: 'asc',
        order_by: 'created_at',
        time_zone: 'Etc/UTC',
        ...(after ? { starting_after: after } : {}),
      };
      const page = await this.http.json<{ data?: WireRawIncident[]; more?: boolean; last?: string | null }>({ method: 'POST', path: '/analytics/raw/incidents', body, what: 'read incident analytics' });
      out.push(...(page.data ?? []).map(mapRawIncident));
      // A cursor that does not move would page forever.
      if (!page.more || !page.last || page.last === after || (page.data ?? []).length === 0) return out;
      after = page.last;
    }
  }

  async escalationPolicy(id: string): Promise<EscalationPolicy> {
    const body = await this.http.json<{ escalation_policy?: WireEscalationPolicy }>({ method: 'GET', path: `/escalation_policies/${encodeURIComponent(id)}`, what: `read escalation policy ${id}` });
    return mapEscalationPolicy(body.escalation_policy as WireEscalationPolicy);
  }

  /** The incident's log, oldest first (PagerDuty pages it newest first). */
  async logEntries(id: string, since?: Date): Promise<IncidentLogEntry[]> {
    const [checked] = checkIncidentIds([id]) as [string];
    const out: IncidentLogEntry[] = [];
    for (let offset = 0; ; ) {
      const q = new URLSearchParams({ limit: '100', offset: String(offset) });
      if (since) q.set('since', since.toISOString());
      const body = await this.http.json<WirePage & { log_entries?: WireLogEntry[] }>({ method: 'GET', path: `/incidents/${checked}/log_entries`, query: q, what: `read the log of ${checked}`, ids: [checked] });
      const page = body.log_entries ?? [];
      out.push(...page.map(mapLogEntry));
      if (!body.more || page.length === 0) return out.sort((a, b) => a.at.getTime() - b.at.getTime());
      offset += page.length;
    }
  }

  async oncalls(filter: OnCallFilter = {}): Promise<OnCall[]> {
    const out: OnCall[] = [];
    for (let offset = 0; ; ) {
      const q = new URLSearchParams();
      for (const id of filter.scheduleIds ?? []) q.append('schedule_ids[]', id);
      for (const id of filter.escalationPolicyIds ?? []) q.append('escalation_policy_ids[]', id);
      for (const id of filter.userIds ?? []) q.append('user_ids[]', id);
      if (filter.earliest) q.set('earliest', 'true');
      if (filter.since) q.set('since', filter.since.toISOString());
      if (filter.until) q.set('until', filter.until.toISOString());
      // Full users carry the email, which the dashboard shows next to the name.
      q.append('include[]', 'users');
      q.set('limit', '100');
      q.set('offset', String(offset));
      const body = await this.http.json<WirePage & { oncalls?: WireOnCall[] }>({ method: 'GET', path: '/oncalls', query: q, what: 'list on-calls' });
      const page = body.oncalls ?? [];
      out.push(...page.map(mapOnCall));
      if (!body.more || page.length === 0) return out;
      offset += page.length;
    }
  }

  escalate(id: string, level: number): Promise<Incident> {
    return this.update(id, { escalation_level: level }, `escalate ${id} to level ${level}`);
  }

  reassign(id: string, userIds: string[]): Promise<Incident> {
    return this.update(id, { assignments: userIds.map((u) => ({ assignee: { id: u, type: 'user_reference' } })) }, `reassign ${id}`);
  }

  setPriority(id: string, priorityId: string): Promise<Incident> {
    return this.update(id, { priority: { id: priorityId, type: 'priority_reference' } }, `set the priority of ${id}`);
  }

  private async update(id: string, fields: Record<string, unknown>, what: string): Promise<Incident> {
    const [checked] = checkIncidentIds([id]) as [string];
    const body = await this.http.json<{ incident?: WireIncident }>({
      method: 'PUT', path: `/incidents/${checked}`, write: true, what, ids: [checked], body: { incident: { type: 'incident_reference', ...fields } },
    });
    return mapIncident(body.incident as WireIncident);
  }

  async snooze(id: string, seconds: number): Promise<Incident> {
    const [checked] = checkIncidentIds([id]) as [string];
    const body = await this.http.json<{ incident?: WireIncident }>({
      method: 'POST', path: `/incidents/${checked}/snooze`, write: true, what: `snooze ${checked}`, ids: [checked], body: { duration: seconds },
    });
    return mapIncident(body.incident as WireIncident);
  }

  async merge(targetId: string, sourceIds: string[]): Promise<void> {
    const [target, ...sources] = checkIncidentIds([targetId, ...sourceIds]) as [string, ...string[]];
    await this.http.json<{ incident?: WireIncident }>({
      method: 'PUT', path: `/incidents/${target}/merge`, write: true, what: `merge into ${target}`, ids: [target, ...sources],
      body: { source_incidents: sources.map((s) => ({ id: s, type: 'incident_reference' })) },
    });
  }

  async priorities(): Promise<Priority[]> {
    const body = await this.http.json<{ priorities?: WireRef[] }>({ method: 'GET', path: '/priorities', query: new URLSearchParams({ limit: '100' }), what: 'list priorities' });
    return (body.priorities ?? []).map(mapPriority);
  }

  async users(query: string): Promise<User[]> {
    const q = new URLSearchParams({ query, limit: '100' });
    const body = await this.http.json<{ users?: WireUser[] }>({ method: 'GET', path: '/users', query: q, what: `look up user ${query}` });
    return (body.users ?? []).map(mapUser);
  }

  async schedules(query?: string): Promise<Schedule[]> {
    const q = new URLSearchParams({ limit: '100' });
    if (query) q.set('query', query);
    const body = await this.http.json<{ schedules?: WireSchedule[] }>({ method: 'GET', path: '/schedules', query: q, what: 'list schedules' });
    return (body.schedules ?? []).map(mapSchedule);
  }

  async schedule(id: string, since: Date, until: Date): Promise<Schedule> {
    const q = new URLSearchParams({ since: since.toISOString(), until: until.toISOString() });
    const body = await this.http.json<{ schedule?: WireSchedule }>({ method: 'GET', path: `/schedules/${encodeURIComponent(id)}`, query: q, what: `read schedule ${id}` });
    return mapSchedule(body.schedule as WireSchedule);
  }

  async addOverride(scheduleId: string, o: { userId: string; start: Date; end: Date }): Promise<Override> {
    const answer = await this.http.json<Array<{ status?: number; errors?: string[]; override?: WireOverride }>>({
      method: 'POST', path: `/schedules/${encodeURIComponent(scheduleId)}/overrides`, write: true, what: `add an override to schedule ${scheduleId}`,
      body: { overrides: [{ start: o.start.toISOString(), end: o.end.toISOString(), user: { id: o.userId, type: 'user_reference' } }] },
    });
    const first = Array.isArray(answer) ? answer[0] : undefined;
    // The answer is 201 with a status per override: a refused one is only visible in the list.
    if (first && first.status !== undefined && (first.status < 200 || first.status >= 300)) {
      throw this.http.error(first.status, { error: { message: 'Override refused', errors: first.errors ?? [] } }, { what: `add an override to schedule ${scheduleId}` });
    }
    return mapOverride(first?.override as WireOverride);
  }

  async me(): Promise<User> {
    const body = await this.http.json<{ user?: WireUser }>({ method: 'GET', path: '/users/me', what: 'find the current user', me: true });
    return mapUser(body.user as WireUser);
  }
}

/** After some chunks succeeded, say so: the user must not think nothing happened. */
function partial(err: unknown, done: number, total: number, verb: string): unknown {
  if (!(err instanceof OncallError) || done === 0) return err;
  return new OncallError(err.kind, `${verb}d ${done} of ${total} incidents, then: ${err.message}`, {
    hint: err.hint, source: err.source, status: err.status, retryAfterSeconds: err.retryAfterSeconds,
  });
}
