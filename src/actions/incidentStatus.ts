import type { Incident } from '../domain/types.js';
import { pdUser, type ActionDeps, type IncidentClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

export type IncidentVerb = 'ack' | 'resolve';

export interface IncidentsChanged {
  incidents: Incident[];
  reconciled: boolean;
  message: string;
}

/** Statuses that mean the write took effect: an acknowledged incident may have been resolved since. */
const DONE: Record<IncidentVerb, ReadonlyArray<Incident['status']>> = { ack: ['acknowledged', 'resolved'], resolve: ['resolved'] };

/**
 * Acknowledges or resolves incidents (one PUT for many). Both are idempotent at PagerDuty; after a
 * lost answer each incident is read back, and the write counts as done only if every one shows it.
 */
export async function setIncidentStatus(deps: ActionDeps, pd: IncidentClient, verb: IncidentVerb, ids: string[]): Promise<IncidentsChanged> {
  const { value, reconciled } = await runWrite(deps, {
    action: `incident.${verb}`,
    target: ids.join(' '),
    user: pdUser(deps),
    send: () => (verb === 'ack' ? pd.acknowledge(ids) : pd.resolve(ids)),
    readBack: async () => {
      const now = await Promise.all(ids.map((id) => pd.incident(id)));
      return now.every((i) => DONE[verb].includes(i.status)) ? now : undefined;
    },
    ids: (incidents) => incidents.map((i) => i.id),
    what: `${verb === 'ack' ? 'acknowledge' : 'resolve'} ${ids.join(' ')}`,
    check: `oncall incidents`,
  });
  const done = verb === 'ack' ? 'acknowledged' : 'resolved';
  return { incidents: value, reconciled, message: reconciled ? `${done} (${LOST_NOTE})` : done };
}
