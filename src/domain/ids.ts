import { OncallError, usageError } from './errors.js';
import type { Incident, Silence } from './types.js';

/**
 * The ids the dashboard shows carry over to the command line: a silence by a unique prefix of its id
 * (the dashboard shows 8 characters), an incident by its number (`5`, `#5`) as well as its `P…` id.
 */

const FULL_SILENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SILENCE_PREFIX = /^[0-9a-f]{8}[0-9a-f-]{0,28}$/i;
export const MIN_SILENCE_PREFIX = 8;

/** Checks the spelling only (nothing is sent on a typo): a whole id, or 8 or more of its first characters. */
export function checkSilenceRefs(refs: string[]): string[] {
  const unique = [...new Set(refs.map((r) => r.trim().toLowerCase()))];
  const bad = unique.filter((r) => !FULL_SILENCE_ID.test(r) && !SILENCE_PREFIX.test(r));
  if (bad.length) {
    throw usageError(`not a silence id: ${bad.join(', ')}`, `give the id, or its first ${MIN_SILENCE_PREFIX} or more characters as the dashboard shows them (c8fc41e4); \`oncall silences\` lists them`);
  }
  return unique;
}

export const isWholeSilenceId = (ref: string): boolean => FULL_SILENCE_ID.test(ref);

/** The one silence `ref` names: its id, or the only id that starts with it (refused when several do). */
export function resolveSilenceRef(ref: string, silences: Pick<Silence, 'id' | 'state'>[]): string {
  const exact = silences.find((s) => s.id.toLowerCase() === ref);
  if (exact) return exact.id;
  if (isWholeSilenceId(ref)) return ref; // let Alertmanager answer for an id it does not list
  const matches = silences.filter((s) => s.id.toLowerCase().startsWith(ref));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new OncallError('not_found', `no silence with an id starting ${ref}`, { source: 'alertmanager', hint: '`oncall silences --expired` lists them' });
  throw usageError(
    `silence id ${ref} is ambiguous: ${matches.length} silences start with it: ${matches.map((s) => `${s.id} (${s.state})`).join(', ')}`,
    'give more characters of the id',
  );
}

export type IncidentRef = { id: string } | { number: number };

const INCIDENT_NUMBER = /^#?(\d+)$/;

/** `5` or `#5` is an incident number; anything else must look like a PagerDuty id (checked by the client). */
export function parseIncidentRef(text: string): IncidentRef {
  const t = text.trim();
  const n = INCIDENT_NUMBER.exec(t);
  return n ? { number: Number(n[1]) } : { id: t };
}

export function incidentRefLabel(ref: IncidentRef): string {
  return 'number' in ref ? `#${ref.number}` : ref.id;
}

/** The id of each ref in order (numbers found in `incidents`); the numbers not found are returned apart. */
export function resolveIncidentRefs(refs: IncidentRef[], incidents: Pick<Incident, 'id' | 'number'>[]): { ids: string[]; missing: number[] } {
  const ids: string[] = [];
  const missing: number[] = [];
  for (const ref of refs) {
    if ('id' in ref) ids.push(ref.id);
    else {
      const found = incidents.find((i) => i.number === ref.number);
      if (found) ids.push(found.id);
      else missing.push(ref.number);
    }
  }
  return { ids, missing };
}
