import { usageError } from '../domain/errors.js';
import type { Incident } from '../domain/types.js';
import { loggedSince } from './logged.js';
import { pdUser, type ActionDeps, type IncidentFlowClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

export interface Changed {
  incident: Incident;
  reconciled: boolean;
  /** false: the incident already was as asked; nothing was sent. */
  sent: boolean;
  message: string;
}

/** A level as typed (the CLI's `--level`, the dashboard's input) or as a number; the error quotes what was typed, never "NaN". */
export function checkLevel(level: number | string): number {
  const n = typeof level === 'number' ? level : /^\s*\d+\s*$/.test(level) ? Number(level) : NaN;
  if (!Number.isInteger(n) || n < 1) throw usageError(`escalation level ${typeof level === 'number' ? level : `"${level}"`} is not a level`, 'give a level of the escalation policy: 1, 2, 3…');
  return n;
}

/**
 * Escalates an incident to a level of its escalation policy (PagerDuty pages that level's on-call and
 * re-triggers the incident). After a lost answer the incident's log is read for the escalation.
 */
export async function escalateIncident(deps: ActionDeps, pd: IncidentFlowClient, id: string, level: number): Promise<Changed> {
  checkLevel(level);
  const started = deps.now();
  const { value, reconciled } = await runWrite(deps, {
    action: 'incident.escalate',
    target: id,
    user: pdUser(deps),
    send: () => pd.escalate(id, level),
    readBack: async () => ((await loggedSince(pd, id, 'escalate', started)) ? pd.incident(id) : undefined),
    ids: (i) => [i.id],
    what: `escalate ${id} to level ${level}`,
    check: `oncall timeline`,
  });
  const to = value.assignees.map((a) => a.name).join(', ');
  return { incident: value, reconciled, sent: true, message: `escalated to level ${level}${to ? ` (${to})` : ''}${reconciled ? ` (${LOST_NOTE})` : ''}` };
}
