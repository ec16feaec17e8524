import { OncallError } from '../domain/errors.js';
import { findPriority } from '../domain/schedules.js';
import type { Changed } from './incidentEscalate.js';
import { pdUser, type ActionDeps, type IncidentFlowClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

/** Sets an incident's priority by name (P1) or id, names from `GET /priorities`; the same priority again sends nothing. */
export async function setIncidentPriority(deps: ActionDeps, pd: IncidentFlowClient, id: string, text: string): Promise<Changed> {
  const list = await pd.priorities();
  const priority = findPriority(list, text);
  if (!priority) {
    throw new OncallError('usage', list.length ? `no priority ${text}: this account has ${list.map((p) => p.name).join(', ')}` : 'this PagerDuty account has no priorities (they are turned off)', { source: 'pagerduty' });
  }
  const before = await pd.incident(id);
  if (before.priority === priority.name) return { incident: before, reconciled: false, sent: false, message: `already ${priority.name}; nothing sent` };
  const { value, reconciled } = await runWrite(deps, {
    action: 'incident.priority',
    target: id,
    user: pdUser(deps),
    extra: { ids: [priority.id] },
    send: () => pd.setPriority(id, priority.id),
    readBack: async () => {
      const now = await pd.incident(id);
      return now.priority === priority.name ? now : undefined;
    },
    ids: (i) => [i.id],
    what: `set the priority of ${id} to ${priority.name}`,
    check: `oncall incidents`,
  });
  return { incident: value, reconciled, sent: true, message: `priority ${priority.name}${reconciled ? ` (${LOST_NOTE})` : ''}` };
}
