import { OncallError } from '../../domain/errors.js';
import type { Alert, AlertGroup, AlertState, Matcher, Silence, SilenceDraft, SilenceState } from '../../domain/types.js';
import type { AmStatus } from './api.js';
import type { WireAlert, WireAlertGroup, WireMatcher, WirePostableSilence, WireSilence, WireStatus } from './wire.js';

/** Wire JSON → domain types. A body of the wrong shape is a bad_response, never a crash later on. */

function badResponse(source: string, what: string): OncallError {
  return new OncallError('bad_response', `unexpected ${what} from Alertmanager`, {
    source,
    hint: 'is the URL pointing at Alertmanager (API v2, version 0.20 or later)?',
  });
}

export function expectArray(data: unknown, source: string, what: string): unknown[] {
  if (!Array.isArray(data)) throw badResponse(source, what);
  return data;
}

/**
 * The times already read in one answer, by their text. Alerts from one rule evaluation share their
 * startsAt and endsAt, and reading a time from text costs about a microsecond, 30,000 times for 10,000
 * alerts. Each alert still gets Dates of its own.
 */
export type TimeMemo = Map<string, number>;

function time(text: string, memo: TimeMemo | undefined): number {
  let ms = memo?.get(text);
  if (ms === undefined) {
    ms = new Date(text).getTime();
    memo?.set(text, ms);
  }
  return ms;
}

function date(text: unknown, source: string, what: string, memo?: TimeMemo): Date {
  const ms = typeof text === 'string' ? time(text, memo) : Number.NaN;
  if (Number.isNaN(ms)) throw badResponse(source, what);
  return new Date(ms);
}

function optionalDate(text: unknown, memo?: TimeMemo): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = time(text, memo);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const ALERT_STATES: readonly string[] = ['active', 'suppressed', 'unprocessed'];
const SILENCE_STATES: readonly string[] = ['active', 'pending', 'expired'];

export function toAlert(raw: unknown, source: string, memo?: TimeMemo): Alert {
  const w = raw as WireAlert;
  if (!w || typeof w.fingerprint !== 'string' || typeof w.labels !== 'object') throw badResponse(source, 'alert');
  const state = w.status?.state ?? 'unprocessed';
  return {
    fingerprint: w.fingerprint,
    labels: w.labels,
    annotations: w.annotations ?? {},
    startsAt: date(w.startsAt, source, 'alert startsAt', memo),
    endsAt: optionalDate(w.endsAt, memo),
    updatedAt: optionalDate(w.updatedAt, memo),
    generatorURL: w.generatorURL || undefined,
    state: (ALERT_STATES.includes(state) ? state : 'unprocessed') as AlertState,
    silencedBy: w.status?.silencedBy ?? [],
    inhibitedBy: w.status?.inhibitedBy ?? [],
    receivers: (w.receivers ?? []).map((r) => r.name),
  };
}

export function toAlertGroup(raw: unknown, source: string): AlertGroup {
  const w = raw as WireAlertGroup;
  if (!w || typeof w.labels !== 'object' || !Array.isArray(w.alerts)) throw badResponse(source, 'alert group');
  const memo: TimeMemo = new Map();
  return { labels: w.labels, receiver: w.receiver?.name ?? '', alerts: w.alerts.map((a) => toAlert(a, source, memo)) };
}

export function toMatcher(w: WireMatcher): Matcher {
  return { name: w.name, value: w.value, isRegex: w.isRegex === true, isEqual: w.isEqual !== false };
}

export function toSilence(raw: unknown, source: string): Silence {
  const w = raw as WireSilence;
  if (!w || typeof w.id !== 'string' || !Array.isArray(w.matchers)) throw badResponse(source, 'silence');
  const state = w.status?.state ?? '';
  const startsAt = date(w.startsAt, source, 'silence startsAt');
  const endsAt = date(w.endsAt, source, 'silence endsAt');
  return {
    id: w.id,
    matchers: w.matchers.map(toMatcher),
    startsAt,
    endsAt,
    updatedAt: optionalDate(w.updatedAt),
    createdBy: w.createdBy ?? '',
    comment: w.comment ?? '',
    state: (SILENCE_STATES.includes(state) ? state : inferState(startsAt, endsAt)) as SilenceState,
  };
}

function inferState(startsAt: Date, endsAt: Date, now = Date.now()): SilenceState {
  if (endsAt.getTime() <= now) return 'expired';
  return startsAt.getTime() > now ? 'pending' : 'active';
}

export function toStatus(raw: unknown, source: string): AmStatus {
  const w = raw as WireStatus;
  if (!w || typeof w !== 'object' || !w.versionInfo) throw badResponse(source, 'status');
  return {
    version: w.versionInfo.version ?? 'unknown',
    uptime: optionalDate(w.uptime),
    clusterStatus: w.cluster?.status,
    peers: w.cluster?.peers?.length ?? 0,
    configYaml: w.config?.original,
  };
}

/** isRegex is required by the schema (422 without it) and isEqual is what makes != and !~ work. */
export function toPostableSilence(draft: SilenceDraft): WirePostableSilence {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    matchers: draft.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
    startsAt: draft.startsAt.toISOString(),
    endsAt: draft.endsAt.toISOString(),
    createdBy: draft.createdBy,
    comment: draft.comment,
  };
}
