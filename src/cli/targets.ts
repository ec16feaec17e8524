import { checkSilenceRefs, incidentRefLabel, isWholeSilenceId, parseIncidentRef, resolveIncidentRefs, resolveSilenceRef, type IncidentRef } from '../domain/ids.js';
import { OncallError } from '../domain/errors.js';
import type { AlertmanagerApi } from '../sources/alertmanager/index.js';
import { checkIncidentIds, type PagerDutyApi } from '../sources/pagerduty/client.js';
import { OPEN_INCIDENTS } from './clients.js';

/** The write commands' targets as the user typed them, checked before anything is read or sent. */
export function checkIncidentRefs(texts: string[]): IncidentRef[] {
  const refs = texts.map(parseIncidentRef);
  checkIncidentIds(refs.flatMap((r) => ('id' in r ? [r.id] : [])));
  return refs;
}

export const hasNumbers = (refs: IncidentRef[]): boolean => refs.some((r) => 'number' in r);

/**
 * The ids of the incidents `refs` name. Numbers are looked up among the open incidents, then among
 * the last month's; one not found is an error that says where it looked.
 */
export async function incidentIds(refs: IncidentRef[], pd: Pick<PagerDutyApi, 'incidents'>): Promise<string[]> {
  if (!hasNumbers(refs)) return resolveIncidentRefs(refs, []).ids;
  const open = await pd.incidents(OPEN_INCIDENTS);
  let found = resolveIncidentRefs(refs, open);
  if (found.missing.length) found = resolveIncidentRefs(refs, [...open, ...(await pd.incidents({}))]);
  if (found.missing.length) {
    throw new OncallError('not_found', `no incident ${found.missing.map((n) => `#${n}`).join(', ')} among the open ones or the last month's`, {
      source: 'pagerduty',
      hint: '`oncall incidents` lists them; give the P… id for an older one',
    });
  }
  return found.ids;
}

/** `#5 (PT4KHLK)` for a number, the id alone otherwise: what a confirmation names. */
export function incidentLabels(refs: IncidentRef[], ids: string[]): string[] {
  return refs.map((r, i) => ('number' in r ? `${incidentRefLabel(r)} (${ids[i] ?? '?'})` : r.id));
}

export { checkSilenceRefs };

/** The whole id of each silence ref; prefixes are looked up in one listing (expired ones included). */
export async function silenceIds(refs: string[], am: Pick<AlertmanagerApi, 'silences'>): Promise<string[]> {
  if (refs.every(isWholeSilenceId)) return refs;
  const all = await am.silences();
  return [...new Set(refs.map((r) => resolveSilenceRef(r, all)))];
}
