import { errorLine } from '../domain/errors.js';
import { nextEscalation, responseOf, severityOf, type EscalationPolicy, type Response } from '../domain/response.js';
import type { Incident, OnCall } from '../domain/types.js';
import type { PagerDutyApi } from '../sources/pagerduty/client.js';
import type { ResolvedContext } from './context.js';

export interface Responses {
  byIncident: Map<string, Response>;
  /** Why a part is missing (an escalation policy that could not be read); the rest is there. */
  notes: string[];
}


/**
 * Response targets for open incidents, and when each triggered one escalates next. Policies are read
 * once each; a policy or on-call list that cannot be read leaves only the escalation out.
 */
export async function responsesFor(
  ctx: ResolvedContext,
  pd: Pick<PagerDutyApi, 'escalationPolicy' | 'oncalls'>,
  incidents: Incident[],
  groupSeverity: (i: Incident) => string | undefined,
  now = new Date(),
): Promise<Responses> {
  const notes: string[] = [];
  const triggered = incidents.filter((i) => i.status === 'triggered' && i.escalationPolicy);
  const policyIds = [...new Set(triggered.map((i) => i.escalationPolicy!.id))];
  const policies = new Map<string, EscalationPolicy>();
  await Promise.all(
    policyIds.map(async (id) => {
      try {
        policies.set(id, await pd.escalationPolicy(id));
      } catch (err) {
        notes.push(`escalation policy ${id} could not be read, so when it escalates is not shown: ${errorLine(err)}`);
      }
    }),
  );
  let oncalls: OnCall[] = [];
  if (policies.size > 0) {
    try {
      oncalls = await pd.oncalls({ escalationPolicyIds: [...policies.keys()] });
    } catch (err) {
      notes.push(`who is on call could not be read, so escalations name schedules instead of people: ${errorLine(err)}`);
    }
  }
  const byIncident = new Map<string, Response>();
  for (const i of incidents) {
    const policy = i.escalationPolicy ? policies.get(i.escalationPolicy.id) : undefined;
    const escalation = policy ? nextEscalation(i, policy, oncalls, now) : null;
    byIncident.set(i.id, responseOf(i, severityOf(i, groupSeverity(i)), ctx.responseTargets, now, escalation));
  }
  return { byIncident, notes };
}
