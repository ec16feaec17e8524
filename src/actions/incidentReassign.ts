import { OncallError } from '../domain/errors.js';
import type { Changed } from './incidentEscalate.js';
import { pdUser, type ActionDeps, type IncidentFlowClient } from './ports.js';
import { userByEmail } from './users.js';
import { LOST_NOTE, runWrite } from './write.js';

/**
 * Reassigns an incident to the PagerDuty user with this email (PagerDuty re-triggers it and pages
 * them). Not idempotent by nature, so an incident already assigned to that user alone is left as is,
 * and after a lost answer the assignees are read back.
 */
export async function reassignIncident(deps: ActionDeps, pd: IncidentFlowClient, id: string, email: string): Promise<Changed> {
  const user = await userByEmail(pd, email);
  const before = await pd.incident(id);
  if (before.status === 'resolved') throw new OncallError('usage', `#${before.number} (${id}) is resolved: nothing to reassign`, { source: 'pagerduty' });
  if (before.assignees.length === 1 && before.assignees[0]?.id === user.id) {
    return { incident: before, reconciled: false, sent: false, message: `already assigned to ${user.name}; nothing sent` };
  }
  const { value, reconciled } = await runWrite(deps, {
    action: 'incident.reassign',
    target: id,
    user: pdUser(deps),
    extra: { ids: [user.id] },
    send: () => pd.reassign(id, [user.id]),
    readBack: async () => {
      const now = await pd.incident(id);
      return now.assignees.some((a) => a.id === user.id) ? now : undefined;
    },
    ids: (i) => [i.id, user.id],
    what: `reassign ${id} to ${user.email}`,
    check: `oncall incidents`,
  });
  return { incident: value, reconciled, sent: true, message: `reassigned to ${user.name}${reconciled ? ` (${LOST_NOTE})` : ''}` };
}
