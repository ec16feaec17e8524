import { ackComment, ackMatchers } from '../domain/ack.js';
import type { Incident, Labels } from '../domain/types.js';
import { setIncidentStatus } from './incidentStatus.js';
import { pdUser, type ActionDeps, type IncidentClient, type SilenceClient } from './ports.js';
import { createSilence } from './silenceCreate.js';

export interface AckTarget {
  /** The alert group's labels (its group_by values); the ack silence matches exactly these. */
  groupLabels: Labels;
  /** The group's open incidents, from the exact (or likely) join. */
  incidents: Incident[];
  /** How long the ack silence lasts; false acks PagerDuty only. */
  silenceMs: number | false;
}

export interface AckDone {
  acked: Incident[];
  silenceId?: string;
  /** The ack silence was made now (not one already there, found by reading back). */
  silenceCreated?: boolean;
  /** One line for the status bar or stderr, naming both sides. */
  message: string;
  /** A side that failed after the other succeeded; the caller reports it and exits 1. */
  failed?: unknown;
}

/**
 * One acknowledgement for both systems: the PagerDuty incidents of an alert group, and an ack
 * silence on the group so that people watching Alertmanager see it too. The silence is short (1h by
 * default) so a forgotten ack ends by itself; a group with no incident is acked by the silence alone.
 */
export async function ackAlertGroup(deps: ActionDeps, clients: { am?: SilenceClient; pd?: IncidentClient }, t: AckTarget): Promise<AckDone> {
  const open = t.incidents.filter((i) => i.status === 'triggered');
  let acked: Incident[] = [];
  if (open.length && clients.pd) acked = (await setIncidentStatus(deps, clients.pd, 'ack', open.map((i) => i.id))).incidents;
  const pdPart = t.incidents.length === 0 ? 'no incident for this group' : open.length ? `acknowledged ${open.map((i) => `#${i.number}`).join(' ')}` : `${t.incidents.map((i) => `#${i.number}`).join(' ')} already acknowledged`;
  if (t.silenceMs === false || !clients.am) return { acked, message: pdPart };
  const now = deps.now();
  try {
    const made = await createSilence(deps, clients.am, {
      matchers: ackMatchers(t.groupLabels),
      startsAt: now,
      endsAt: new Date(now.getTime() + t.silenceMs),
      createdBy: deps.context.author,
      comment: ackComment(t.incidents, pdUser(deps)),
    });
    return { acked, silenceId: made.id, silenceCreated: made.created, message: `${pdPart}; ack silence ${made.id.slice(0, 8)} ${made.created ? 'created' : 'exists'}` };
  } catch (err) {
    return { acked, message: `${pdPart}; the ack silence failed`, failed: err };
  }
}
