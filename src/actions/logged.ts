import type { IncidentLogEntry } from '../domain/types.js';

/** Clocks differ between us and PagerDuty; an entry this much before our start still counts. */
const SLACK_MS = 60_000;

/**
 * Whether the incident's log gained an entry of `type` since `since`: how an escalation or a snooze,
 * whose effect on the incident itself may already have passed, is read back after a lost answer.
 */
export async function loggedSince(pd: { logEntries(id: string, since?: Date): Promise<IncidentLogEntry[]> }, id: string, type: string, since: Date): Promise<IncidentLogEntry | undefined> {
  const from = new Date(since.getTime() - SLACK_MS);
  return (await pd.logEntries(id, from)).filter((e) => e.type === type && e.at >= from).at(-1);
}
