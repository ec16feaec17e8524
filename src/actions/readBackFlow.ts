import type { AuditEntry } from './audit.js';
import { loggedSince } from './logged.js';
import type { IncidentClient, IncidentFlowClient, ScheduleClient } from './ports.js';
import { covered } from './takePager.js';
import { userByEmail } from './users.js';

/** The PagerDuty reads reconciliation may use; a client without one of them cannot settle that kind. */
export interface LeftoverClient extends IncidentClient, Partial<Omit<IncidentFlowClient, keyof IncidentClient> & ScheduleClient> {}

/**
 * Whether an incident-workflow write or a pager take, left with only its started line, took effect:
 * the same evidence each action reads back after a lost answer, from what its started line holds.
 * undefined when the line lacks what is needed or the client cannot read it.
 */
export async function flowTookEffect(e: AuditEntry, pd: LeftoverClient): Promise<boolean | undefined> {
  const since = new Date(e.time);
  switch (e.action) {
    // The incident itself may have moved on (acked again, snooze over): its log keeps the write.
    case 'incident.escalate':
      return pd.logEntries ? (await loggedSince({ logEntries: pd.logEntries.bind(pd) }, e.target, 'escalate', since)) !== undefined : undefined;
    case 'incident.snooze':
      return pd.logEntries ? (await loggedSince({ logEntries: pd.logEntries.bind(pd) }, e.target, 'snooze', since)) !== undefined : undefined;
    case 'incident.reassign': {
      const userId = e.ids?.[0];
      if (!userId) return undefined;
      return (await pd.incident(e.target)).assignees.some((a) => a.id === userId);
    }
    case 'incident.priority': {
      const priorityId = e.ids?.[0];
      if (!priorityId || !pd.priorities) return undefined;
      const name = (await pd.priorities()).find((p) => p.id === priorityId)?.name;
      return name !== undefined && (await pd.incident(e.target)).priority === name;
    }
    case 'incident.merge': {
      // PagerDuty resolves the merged sources; all resolved means the merge went through.
      if (!e.ids?.length) return undefined;
      return (await Promise.all(e.ids.map((id) => pd.incident(id)))).every((i) => i.status === 'resolved');
    }
    case 'schedule.override': {
      if (!e.start || !e.end || !pd.users || !pd.schedule) return undefined;
      const me = await userByEmail({ users: pd.users.bind(pd) }, e.user);
      const start = new Date(e.start);
      const end = new Date(e.end);
      return covered(await pd.schedule(e.target, start, end), me, start, end) !== undefined;
    }
    default:
      return undefined;
  }
}
