import type { Labels, Matcher } from '../../domain/types.js';
import type { AlertStatus, PostableAlert, StoredAlert } from './alerts.js';
import { AmError, silenceState, type StoredSilence } from './silences.js';

/** JSON in and out of the v2 API, with go-swagger's 422 answers for bodies that break the schema. */

const iso = (ms: number): string => new Date(ms).toISOString();

export function gettableAlert(a: StoredAlert, status: AlertStatus, receiver: string): Record<string, unknown> {
  return {
    annotations: a.annotations,
    endsAt: iso(a.endsAt),
    fingerprint: a.fingerprint,
    receivers: [{ name: receiver }],
    startsAt: iso(a.startsAt),
    status,
    updatedAt: iso(a.updatedAt),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
    labels: a.labels,
  };
}

export function gettableSilence(s: StoredSilence, now: number): Record<string, unknown> {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: iso(s.updatedAt),
    comment: s.comment,
    createdBy: s.createdBy,
    endsAt: iso(s.endsAt),
    matchers: s.matchers.map((m) => ({ isEqual: m.isEqual, isRegex: m.isRegex, name: m.name, value: m.value })),
    startsAt: iso(s.startsAt),
  };
}

function required(path: string): never {
  throw new AmError(422, { code: 602, message: `${path} in body is required` });
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AmError(400, { code: 400, message: `parsing ${what} body from "" failed, because ${(err as Error).message}` });
  }
}

function typed(what: string, value: unknown, type: 'string' | 'boolean' | 'object', path: string): void {
  if (typeof value !== type || value === null) {
    throw new AmError(400, { code: 400, message: `parsing ${what} body from "" failed, because json: cannot unmarshal ${typeof value} into Go value of type ${type} (${path})` });
  }
}

function dateTime(value: unknown, path: string, what: string): number {
  typed(what, value, 'string', path);
  const ms = Date.parse(value as string);
  if (!Number.isFinite(ms)) throw new AmError(422, { code: 601, message: `${path} in body must be of type date-time: "${String(value)}"` });
  return ms;
}

function labelMap(value: unknown, path: string, what: string): Labels {
  typed(what, value, 'object', path);
  const out: Labels = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    typed(what, v, 'string', `${path}.${k}`);
    out[k] = v as string;
  }
  return out;
}

export interface SilenceBody {
  id?: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** postableSilence: required fields are checked in go-swagger's (alphabetical) order. */
export function parsePostableSilence(text: string): SilenceBody {
  const body = parseJson(text, 'silence') as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) typed('silence', body, 'object', 'silence');
  const b = body as Record<string, unknown>;
  for (const f of ['comment', 'createdBy', 'endsAt']) if (b[f] === undefined) required(f);
  if (b.matchers === undefined) required('matchers');
  if (!Array.isArray(b.matchers)) throw new AmError(400, { code: 400, message: 'parsing silence body from "" failed, because matchers is not an array' });
  if (b.matchers.length === 0) throw new AmError(422, { code: 612, message: 'matchers in body should have at least 1 items' });
  const matchers = (b.matchers as unknown[]).map((raw, i): Matcher => {
    const m = (raw ?? {}) as Record<string, unknown>;
    for (const f of ['isRegex', 'name', 'value']) if (m[f] === undefined) required(`matchers.${i}.${f}`);
    typed('silence', m.isRegex, 'boolean', `matchers.${i}.isRegex`);
    typed('silence', m.name, 'string', `matchers.${i}.name`);
    typed('silence', m.value, 'string', `matchers.${i}.value`);
    if (m.isEqual !== undefined) typed('silence', m.isEqual, 'boolean', `matchers.${i}.isEqual`);
    return { name: m.name as string, value: m.value as string, isRegex: m.isRegex as boolean, isEqual: m.isEqual !== false };
  });
  if (b.startsAt === undefined) required('startsAt');
  typed('silence', b.comment, 'string', 'comment');
  typed('silence', b.createdBy, 'string', 'createdBy');
  if (b.id !== undefined && b.id !== '') typed('silence', b.id, 'string', 'id');
  return {
    id: typeof b.id === 'string' && b.id !== '' ? b.id : undefined,
    matchers,
    startsAt: dateTime(b.startsAt, 'startsAt', 'silence'),
    endsAt: dateTime(b.endsAt, 'endsAt', 'silence'),
    createdBy: b.createdBy as string,
    comment: b.comment as string,
  };
}

export function parsePostableAlerts(text: string): PostableAlert[] {
  const body = parseJson(text, 'alerts');
  if (!Array.isArray(body)) throw new AmError(400, { code: 400, message: 'parsing alerts body from "" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts' });
  return body.map((raw, i): PostableAlert => {
    const a = (raw ?? {}) as Record<string, unknown>;
    if (a.labels === undefined) required(`${i}.labels`);
    return {
      labels: labelMap(a.labels, `${i}.labels`, 'alerts'),
      annotations: a.annotations === undefined ? undefined : labelMap(a.annotations, `${i}.annotations`, 'alerts'),
      startsAt: a.startsAt === undefined || a.startsAt === '' ? undefined : dateTime(a.startsAt, `${i}.startsAt`, 'alerts'),
      endsAt: a.endsAt === undefined || a.endsAt === '' ? undefined : dateTime(a.endsAt, `${i}.endsAt`, 'alerts'),
      generatorURL: typeof a.generatorURL === 'string' ? a.generatorURL : undefined,
    };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkSilenceId(id: string): void {
  if (!UUID.test(id)) throw new AmError(422, { code: 601, message: `silenceID in path must be of type uuid: "${id}"` });
}
