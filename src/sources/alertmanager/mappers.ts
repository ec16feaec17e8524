import { OncallError } from '../../domain/errors.js';
import type { Alert, AlertGroup, AlertState, Matcher, Silence, SilenceDraft, SilenceState } from '../../domain/types.js';
import type { AmStatus } from './api.js';
import { heldFinder, showsWhatHeldShows, type HeldAlerts } from './held.js';
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
 * What one answer's alerts share, read once and given to each: times by their text (alerts from one
 * rule evaluation share updatedAt and endsAt, often startsAt), receiver lists, and one empty list for
 * every alert silenced or inhibited by nothing, and one string for each label or annotation value
 * (JSON.parse makes a string per value). At 80,000 alerts a Date of each alert's own was 240,000
 * Dates of 96 bytes, 23 MB that every poll made again; one string per text took 8 answers of 10,000
 * alerts (bench/lib/scaleData.ts, decoded and kept, heap after a GC) from 49 to 33 MB. Nothing in
 * oncall changes a Date or a list it did not make; the shared empty list is frozen so that a change
 * would throw rather than show up on another alert.
 */
export interface AnswerMemo {
  times: Map<string, Date | null>;
  receivers: Map<string, string[]>;
  /** Label and annotation values and generator URLs: one string for each text (severity, job, a runbook URL...). */
  texts: Map<string, string>;
}
export const newMemo = (): AnswerMemo => ({ times: new Map(), receivers: new Map(), texts: new Map() });

const NONE: string[] = Object.freeze([]) as unknown as string[];

/** The Date for a time's text, shared within the answer; null when it is not a time. */
function time(text: string, memo: AnswerMemo | undefined): Date | null {
  let d = memo?.times.get(text);
  if (d === undefined) {
    const ms = new Date(text).getTime();
    d = Number.isNaN(ms) ? null : new Date(ms);
    memo?.times.set(text, d);
  }
  return d;
}

function date(text: unknown, source: string, what: string, memo?: AnswerMemo): Date {
  const d = typeof text === 'string' ? time(text, memo) : null;
  if (d === null) throw badResponse(source, what);
  return d;
}

function optionalDate(text: unknown, memo?: AnswerMemo): Date | undefined {
  return typeof text === 'string' ? (time(text, memo) ?? undefined) : undefined;
}

function text(value: string, memo: AnswerMemo): string {
  const seen = memo.texts.get(value);
  if (seen !== undefined) return seen;
  memo.texts.set(value, value);
  return value;
}

/** A label set or annotations as parsed (the answer's own object), each value the answer's one string for its text. */
function sharedValues(values: Record<string, string>, memo: AnswerMemo): Record<string, string> {
  for (const k in values) if (typeof values[k] === 'string') values[k] = text(values[k], memo);
  return values;
}

/** A list of fingerprints or silence ids: the shared empty one when empty. */
function ids(list: string[] | null | undefined): string[] {
  return list && list.length > 0 ? list : NONE;
}

function receiverNames(list: Array<{ name: string }> | null | undefined, memo: AnswerMemo): string[] {
  if (!list || list.length === 0) return NONE;
  const key = list.length === 1 ? list[0]!.name : list.map((r) => r.name).join('\u0000');
  let names = memo.receivers.get(key);
  if (!names) {
    names = list.map((r) => r.name);
    memo.receivers.set(key, names);
  }
  return names;
}

const ALERT_STATES: readonly string[] = ['active', 'suppressed', 'unprocessed'];
const SILENCE_STATES: readonly string[] = ['active', 'pending', 'expired'];

/** `memo`: what the answer's alerts share (toAlerts passes one for the whole answer). */
/** An alert's state as oncall reads it: one Alertmanager does not name is unprocessed. */
function stateOf(w: WireAlert): AlertState {
  const state = w.status?.state ?? 'unprocessed';
  return (ALERT_STATES.includes(state) ? state : 'unprocessed') as AlertState;
}

export function toAlert(raw: unknown, source: string, memo: AnswerMemo = newMemo()): Alert {
  const w = raw as WireAlert;
  if (!w || typeof w.fingerprint !== 'string' || typeof w.labels !== 'object') throw badResponse(source, 'alert');
  return {
    fingerprint: w.fingerprint,
    labels: sharedValues(w.labels, memo),
    annotations: w.annotations ? sharedValues(w.annotations, memo) : {},
    startsAt: date(w.startsAt, source, 'alert startsAt', memo),
    endsAt: optionalDate(w.endsAt, memo),
    updatedAt: optionalDate(w.updatedAt, memo),
    generatorURL: w.generatorURL ? text(w.generatorURL, memo) : undefined,
    state: stateOf(w),
    silencedBy: ids(w.status?.silencedBy),
    inhibitedBy: ids(w.status?.inhibitedBy),
    receivers: receiverNames(w.receivers, memo),
  };
}

/** `GET /api/v2/alerts`'s answer; an alert that shows what its `held` alert shows is that alert (src/sources/alertmanager/held.ts). */
export function toAlerts(data: unknown, source: string, held?: HeldAlerts): Alert[] {
  const memo = newMemo();
  const list = expectArray(data, source, 'alert list');
  if (!held || held.alerts.length === 0) return list.map((a) => toAlert(a, source, memo));
  const find = heldFinder(held);
  return list.map((raw) => {
    const w = raw as WireAlert;
    const old = w && typeof w.fingerprint === 'string' ? find(w.fingerprint) : undefined;
    if (old && typeof w.labels === 'object' && w.labels !== null) {
      if (showsWhatHeldShows(old, w, stateOf(w), optionalDate(w.startsAt, memo))) return old;
    }
    return toAlert(raw, source, memo);
  });
}

export function toAlertGroup(raw: unknown, source: string): AlertGroup {
  const w = raw as WireAlertGroup;
  if (!w || typeof w.labels !== 'object' || !Array.isArray(w.alerts)) throw badResponse(source, 'alert group');
  const memo = newMemo();
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
