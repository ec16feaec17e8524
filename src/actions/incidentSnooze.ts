import { OncallError, usageError } from '../domain/errors.js';
import { formatDuration } from '../domain/duration.js';
import type { Changed } from './incidentEscalate.js';
import { loggedSince } from './logged.js';
import { pdUser, type ActionDeps, type IncidentFlowClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

/** PagerDuty's bounds for POST /incidents/{id}/snooze: 1 second to 7 days, in whole seconds. */
export const MAX_SNOOZE_MS = 7 * 24 * 3_600_000;

export function snoozeSeconds(ms: number): number {
  if (!Number.isFinite(ms) || ms < 1000 || ms > MAX_SNOOZE_MS || ms % 1000 !== 0) {
    throw usageError(`cannot snooze for ${formatDuration(ms)}: PagerDuty snoozes for 1s to 7d, in whole seconds`, 'e.g. --for 1h');
  }
  return ms / 1000;
}

/**
 * Snoozes an acknowledged incident: it returns to triggered when the time is up. Refused up front
 * for a duration PagerDuty would refuse, or an incident that is not acknowledged.
 */
export async function snoozeIncident(deps: ActionDeps, pd: IncidentFlowClient, id: string, ms: number): Promise<Changed> {
  const seconds = snoozeSeconds(ms);
  const before = await pd.incident(id);
  if (before.status !== 'acknowledged') {
    throw new OncallError('usage', `#${before.number} (${id}) is ${before.status}: PagerDuty snoozes acknowledged incidents only`, {
      hint: before.status === 'triggered' ? `acknowledge it first: oncall incident ack ${id}` : undefined,
    });
  }
  const started = deps.now();
  const { value, reconciled } = await runWrite(deps, {
    action: 'incident.snooze',
    target: id,
    user: pdUser(deps),
    extra: { end: new Date(started.getTime() + ms).toISOString() },
    send: () => pd.snooze(id, seconds),
    readBack: async () => ((await loggedSince(pd, id, 'snooze', started)) ? pd.incident(id) : undefined),
    ids: (i) => [i.id],
    what: `snooze ${id}`,
    check: `oncall timeline`,
  });
  const until = new Date(started.getTime() + ms).toISOString();
  return { incident: value, reconciled, sent: true, message: `snoozed for ${formatDuration(ms)} (until ${until})${reconciled ? ` (${LOST_NOTE})` : ''}` };
}
