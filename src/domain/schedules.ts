import type { OnCall, Ref } from './types.js';

/** A PagerDuty priority (`GET /priorities`): P1, P2…, highest first. */
export interface Priority {
  id: string;
  name: string;
}

/** One stretch of a schedule's final rendering: who holds it, from when to when. */
export interface ScheduleEntry {
  user: Ref;
  start: Date;
  end: Date;
}

export interface Schedule {
  id: string;
  name: string;
  /** Members of the schedule's rotations. */
  users: Ref[];
  /** The final schedule (overrides applied) over the window asked for; empty when not asked. */
  entries: ScheduleEntry[];
}

export interface Override {
  id: string;
  user: Ref;
  start: Date;
  end: Date;
}

/** A name is matched before an id (case-insensitively), as the issue asks: "P1" is the priority named P1. */
export function findPriority(list: Priority[], text: string): Priority | undefined {
  const t = text.trim().toLowerCase();
  return list.find((p) => p.name.toLowerCase() === t) ?? list.find((p) => p.id.toLowerCase() === t);
}

/** A schedule by id, else by its exact name, else by a name that contains the text (only if one does). */
export function findSchedule<T extends Ref>(list: T[], text: string): T | T[] | undefined {
  const t = text.trim().toLowerCase();
  const exact = list.find((s) => s.id.toLowerCase() === t) ?? list.find((s) => s.name.toLowerCase() === t);
  if (exact) return exact;
  const partial = list.filter((s) => s.name.toLowerCase().includes(t));
  return partial.length === 1 ? partial[0] : partial.length ? partial : undefined;
}

/** Who holds the schedule at `at`, and until when. */
export function holderAt(entries: ScheduleEntry[], at: Date): ScheduleEntry | undefined {
  return entries.find((e) => e.start <= at && e.end > at);
}

/**
 * Who comes on next, per escalation policy and level: the earliest on-call that starts after now.
 * `list` comes from `/oncalls?earliest=true` over the coming window (one entry per user, the first).
 */
export function nextOnCalls(list: OnCall[], now: Date): OnCall[] {
  const next = new Map<string, OnCall>();
  for (const o of list) {
    if (!o.start || o.start <= now) continue;
    const key = `${o.escalationPolicy.id}/${o.level}`;
    const seen = next.get(key);
    if (!seen || (seen.start as Date) > o.start) next.set(key, o);
  }
  return [...next.values()].sort((a, b) => a.escalationPolicy.name.localeCompare(b.escalationPolicy.name) || a.level - b.level);
}
