import { OncallError } from '../../domain/errors.js';
import type { Incident } from '../../domain/types.js';
import type { IncidentFilter } from './client.js';
import { errorCode, SOURCE } from './errors.js';
import { mapIncident } from './mappers.js';
import type { PdHttp } from './request.js';
import type { WireIncident, WirePage } from './wire.js';

const PAGE = 100;
/** PagerDuty refuses offset+limit beyond this (400, code 2002). */
const MAX_REACH = 10_000;
const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_WINDOW_MS = 30 * DAY_MS;
/** PagerDuty's documented maximum since/until range is 6 months. */
const MAX_WINDOW_MS = 180 * DAY_MS;

interface Window {
  since: Date;
  until: Date;
}

/** Arrays go as repeated `name[]=value`: PagerDuty ignores or rejects comma-joined and indexed forms. */
export function incidentQuery(filter: IncidentFilter, window: Window | undefined, offset: number): URLSearchParams {
  const q = new URLSearchParams();
  for (const s of filter.statuses ?? []) q.append('statuses[]', s);
  for (const u of filter.urgencies ?? []) q.append('urgencies[]', u);
  for (const id of filter.userIds ?? []) q.append('user_ids[]', id);
  for (const id of filter.serviceIds ?? []) q.append('service_ids[]', id);
  for (const id of filter.teamIds ?? []) q.append('team_ids[]', id);
  if (window) {
    q.set('since', window.since.toISOString());
    q.set('until', window.until.toISOString());
  } else {
    q.set('date_range', 'all');
  }
  q.set('limit', String(PAGE));
  q.set('offset', String(offset));
  // Only the first page asks for a total: it tells us early that a window is too big to page through.
  if (offset === 0 && window) q.set('total', 'true');
  return q;
}

function tooMany(): OncallError {
  return new OncallError('usage', 'more than 10,000 PagerDuty incidents match and the time range cannot be narrowed', {
    source: SOURCE,
    hint: 'give a time range (--since/--until) or narrower filters (status, service, urgency)',
  });
}

/**
 * Lists every matching incident even on accounts with more than PagerDuty's 10,000-result reach:
 * a window that holds too many is split in halves and each half is paged separately.
 */
export async function listIncidents(http: PdHttp, filter: IncidentFilter, now: Date): Promise<Incident[]> {
  const max = filter.max ?? Infinity;
  const found = new Map<string, Incident>();
  const full = () => found.size >= max;

  async function page(window: Window | undefined): Promise<void> {
    let previous = new Set<string>();
    for (let offset = 0; !full(); ) {
      const query = incidentQuery(filter, window, offset);
      const answer = await http.raw({ method: 'GET', path: '/incidents', query, what: 'list incidents' });
      if (answer.status === 400 && errorCode(answer.data) === 2002) return split(window);
      if (answer.status < 200 || answer.status >= 300) throw http.error(answer.status, answer.data, { what: 'list incidents' });
      const body = answer.data as WirePage & { incidents?: WireIncident[] };
      if (!Array.isArray(body?.incidents)) {
        throw new OncallError('bad_response', 'PagerDuty answered the incident list without an incidents array', { source: SOURCE });
      }
      if (offset === 0 && typeof body.total === 'number' && body.total > MAX_REACH && window) return split(window);
      const ids = new Set<string>();
      for (const wire of body.incidents) {
        const incident = mapIncident(wire);
        ids.add(incident.id);
        found.set(incident.id, incident);
        if (full()) return;
      }
      // The same page again means the server ignores offset (a mock, a broken proxy): stop, don't loop.
      if (!body.more || [...ids].every((id) => previous.has(id))) return;
      previous = ids;
      offset += body.incidents.length;
    }
  }

  async function split(window: Window | undefined): Promise<void> {
    if (!window || window.until.getTime() - window.since.getTime() < 2000) throw tooMany();
    const mid = new Date(window.since.getTime() + Math.floor((window.until.getTime() - window.since.getTime()) / 2));
    await page({ since: window.since, until: mid });
    if (!full()) await page({ since: mid, until: window.until });
  }

  if (filter.dateRange === 'all') {
    await page(undefined);
  } else {
    const until = filter.until ?? now;
    const since = filter.since ?? new Date(until.getTime() - DEFAULT_WINDOW_MS);
    if (since >= until) {
      throw new OncallError('usage', `the incident time range is empty (since ${since.toISOString()} is not before until ${until.toISOString()})`, { source: SOURCE });
    }
    for (let start = since; start < until && !full(); ) {
      const end = new Date(Math.min(start.getTime() + MAX_WINDOW_MS, until.getTime()));
      await page({ since: start, until: end });
      start = end;
    }
  }
  return [...found.values()].slice(0, max === Infinity ? undefined : max);
}
