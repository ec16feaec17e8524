import type { Incident, Labels, Matcher, Silence } from './types.js';

/**
 * An "ack silence": the Alertmanager half of one acknowledgement. Its comment starts with a marker
 * and names the incident and the person, so karma and the Alertmanager UI show the ack too, and so
 * oncall can tell an acknowledged alert (still shown) from a silenced one (hidden).
 */
export const ACK_MARKER = 'ack:';

export interface AckInfo {
  by: string;
  at: Date;
  /** PagerDuty incident numbers and ids the ack names; empty when the group had no incident. */
  incidents: Array<{ number: number; id: string }>;
  silenceId: string;
}

export function ackComment(incidents: Array<Pick<Incident, 'number' | 'id'>>, person: string): string {
  const which = incidents.length ? `PagerDuty ${incidents.map((i) => `#${i.number} (${i.id})`).join(', ')}` : 'no PagerDuty incident';
  return `${ACK_MARKER} ${which} by ${person}`;
}

export function parseAck(s: Silence): AckInfo | undefined {
  if (!s.comment.startsWith(ACK_MARKER)) return undefined;
  const by = / by (\S+)\s*$/.exec(s.comment)?.[1] ?? s.createdBy;
  const incidents = [...s.comment.matchAll(/#(\d+) \(([A-Z0-9]+)\)/g)].map((m) => ({ number: Number(m[1]), id: m[2]! }));
  return { by, at: s.startsAt, incidents, silenceId: s.id };
}

/** Equality matchers on the group's labels: the ack covers exactly this group. */
export function ackMatchers(groupLabels: Labels): Matcher[] {
  return Object.keys(groupLabels)
    .sort()
    .map((name) => ({ name, value: groupLabels[name]!, isRegex: false, isEqual: true }));
}

/** How an alert stands: silenced by an ack silence only → acked (shown); by any other → silenced. */
export function ackOf(silencedBy: string[], silences: Map<string, Silence>): { ack?: AckInfo; silencedOtherwise: boolean } {
  let ack: AckInfo | undefined;
  let silencedOtherwise = false;
  for (const id of silencedBy) {
    const s = silences.get(id);
    const info = s ? parseAck(s) : undefined;
    if (info) ack ??= info;
    else silencedOtherwise = true;
  }
  return { ...(ack ? { ack } : {}), silencedOtherwise };
}
