import { OncallError, usageError } from '../domain/errors.js';
import type { Incident } from '../domain/types.js';
import { pdUser, type ActionDeps, type IncidentFlowClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

export interface Merged {
  target: Incident;
  /** The sources merged now. */
  merged: Incident[];
  /** Sources already resolved (an earlier merge, or closed by hand): left out, not sent. */
  skipped: Incident[];
  reconciled: boolean;
  message: string;
}

const label = (i: Incident) => `#${i.number}`;

/**
 * Merges incidents into an open target; PagerDuty resolves the sources. Not idempotent (merging a
 * resolved source is refused), so sources already resolved are left out and named, and after a
 * lost answer the sources are read back: all resolved means the merge went through.
 */
export async function mergeIncidents(deps: ActionDeps, pd: IncidentFlowClient, targetId: string, sourceIds: string[]): Promise<Merged> {
  const sources = [...new Set(sourceIds)].filter((s) => s !== targetId);
  if (sources.length === 0) throw usageError('nothing to merge: name at least one incident besides the target', 'e.g. oncall incident merge 12 13 14');
  const target = await pd.incident(targetId);
  if (target.status === 'resolved') throw new OncallError('usage', `${label(target)} (${targetId}) is resolved: PagerDuty merges into open incidents only`, { source: 'pagerduty' });
  const all = await Promise.all(sources.map((s) => pd.incident(s)));
  const open = all.filter((i) => i.status !== 'resolved');
  const skipped = all.filter((i) => i.status === 'resolved');
  const skipNote = skipped.length ? `; ${skipped.map(label).join(' ')} already resolved, left out` : '';
  if (open.length === 0) return { target, merged: [], skipped, reconciled: false, message: `nothing to merge into ${label(target)}${skipNote}` };
  const ids = open.map((i) => i.id);
  const { reconciled } = await runWrite(deps, {
    action: 'incident.merge',
    target: targetId,
    user: pdUser(deps),
    extra: { ids },
    send: async () => {
      await pd.merge(targetId, ids);
      return true;
    },
    readBack: async () => ((await Promise.all(ids.map((id) => pd.incident(id)))).every((i) => i.status === 'resolved') ? true : undefined),
    ids: () => [targetId, ...ids],
    what: `merge ${open.map(label).join(' ')} into ${label(target)}`,
    check: `oncall incidents --status resolved`,
  });
  return {
    target,
    merged: open,
    skipped,
    reconciled,
    message: `merged ${open.map(label).join(' ')} into ${label(target)}${skipNote}${reconciled ? ` (${LOST_NOTE})` : ''}`,
  };
}
