import { formatDuration } from './duration.js';
import type { Incident, OnCall } from './types.js';

/**
 * Response targets: how soon an incident must be acknowledged and resolved, by severity (the
 * runbook's table), and when its escalation policy hands it on to the next level.
 */
export type Severity = 'critical' | 'warning';

export interface Target {
  ackMs: number;
  resolveMs: number;
}

export type ResponseTargets = Record<Severity, Target>;

const MIN = 60_000;
export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = {
  critical: { ackMs: 5 * MIN, resolveMs: 60 * MIN },
  warning: { ackMs: 30 * MIN, resolveMs: 240 * MIN },
};

export interface EscalationTarget {
  type: 'user' | 'schedule';
  id: string;
  name: string;
}

export interface EscalationPolicy {
  id: string;
  name: string;
  rules: Array<{ delayMinutes: number; targets: EscalationTarget[] }>;
}

export interface NextEscalation {
  at: Date;
  level: number;
  /** Who is notified then: the users, or the people on call on the targeted schedules. */
  to: string[];
}

export interface Response {
  severity: Severity;
  ackBy: Date;
  resolveBy: Date;
  ackOverdue: boolean;
  resolveOverdue: boolean;
  nextEscalation: NextEscalation | null;
}

/** The correlated alert group's severity where there is one; else high urgency counts as critical. */
export function severityOf(incident: Incident, groupSeverity?: string): Severity {
  if (groupSeverity === 'critical' || groupSeverity === 'page') return 'critical';
  if (groupSeverity) return 'warning';
  return incident.urgency === 'high' ? 'critical' : 'warning';
}

/**
 * When a triggered incident escalates next: PagerDuty moves to the next rule after the current rule's
 * delay, counted from the trigger. Acknowledged and resolved incidents do not escalate.
 */
export function nextEscalation(incident: Incident, policy: EscalationPolicy, oncalls: OnCall[], now: Date): NextEscalation | null {
  if (incident.status !== 'triggered' || policy.rules.length < 2) return null;
  let at = incident.createdAt.getTime();
  for (let level = 1; level < policy.rules.length; level++) {
    at += policy.rules[level - 1]!.delayMinutes * MIN;
    if (at > now.getTime()) {
      const to = policy.rules[level]!.targets.flatMap((t) =>
        t.type === 'user' ? [t.name] : oncalls.filter((o) => o.schedule?.id === t.id).map((o) => o.user.name),
      );
      return { at: new Date(at), level: level + 1, to: to.length ? [...new Set(to)] : policy.rules[level]!.targets.map((t) => t.name) };
    }
  }
  return null;
}

export function responseOf(incident: Incident, severity: Severity, targets: ResponseTargets, now: Date, escalation: NextEscalation | null = null): Response {
  const t = targets[severity];
  const ackBy = new Date(incident.createdAt.getTime() + t.ackMs);
  const resolveBy = new Date(incident.createdAt.getTime() + t.resolveMs);
  return {
    severity,
    ackBy,
    resolveBy,
    ackOverdue: incident.status === 'triggered' && now > ackBy,
    resolveOverdue: incident.status !== 'resolved' && now > resolveBy,
    nextEscalation: escalation,
  };
}

/** Whole minutes, rounded toward the target: "in 3m" until 3 minutes are really gone, "overdue 2m" once they are. */
const mins = (ms: number, round: (x: number) => number) => (ms < 60_000 ? formatDuration(Math.round(ms / 1000) * 1000) : formatDuration(round(ms / 60_000) * 60_000));

/** The next target alone: "ack in 2m", "ack overdue 7m", "resolve in 41m"; overdue when it has passed. */
export function dueText(incident: Incident, r: Pick<Response, 'ackBy' | 'resolveBy'>, now: Date): { text: string; overdue: boolean } {
  if (incident.status === 'resolved') return { text: '', overdue: false };
  const [what, by] = incident.status === 'triggered' ? ['ack', r.ackBy] : ['resolve', r.resolveBy];
  const left = by.getTime() - now.getTime();
  return left >= 0 ? { text: `${what} in ${mins(left, Math.ceil)}`, overdue: false } : { text: `${what} overdue ${mins(-left, Math.floor)}`, overdue: true };
}

/** "→ Bo Backup in 3m": who the next escalation pages, and when. */
export function escalationText(e: NextEscalation, now: Date): string {
  return `→ ${e.to.join(', ')} in ${mins(e.at.getTime() - now.getTime(), Math.ceil)}`;
}

/** "ack in 2m", "ack overdue 7m", "resolve in 41m", "resolve overdue 1h"; "" once resolved. */
export function responseText(incident: Incident, r: Response, now: Date): string {
  if (incident.status === 'resolved') return '';
  const main = dueText(incident, r, now).text;
  return r.nextEscalation ? `${main} ${escalationText(r.nextEscalation, now)}` : main;
}

/**
 * The escalation level an incident is at, as far as PagerDuty shows it: its incident object has no
 * level, so it is the lowest level of its policy at which an assignee is on call now. Undefined when
 * no assignee is on call on that policy (assigned by hand).
 */
export function escalationLevelOf(incident: Incident, oncalls: OnCall[]): number | undefined {
  const policy = incident.escalationPolicy?.id;
  const who = new Set(incident.assignees.map((a) => a.id));
  const levels = oncalls.filter((o) => o.escalationPolicy.id === policy && who.has(o.user.id)).map((o) => o.level);
  return levels.length ? Math.min(...levels) : undefined;
}

/** Most urgent first: overdue before due, then by how soon the next target falls. */
export function responseUrgency(incident: Incident, r: Response): number {
  if (incident.status === 'resolved') return Number.MAX_SAFE_INTEGER;
  return (incident.status === 'triggered' ? r.ackBy : r.resolveBy).getTime();
}
