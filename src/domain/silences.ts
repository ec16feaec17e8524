import { usageError } from './errors.js';
import { matchersEqual } from './matchers.js';
import type { Silence, SilenceDraft } from './types.js';

/** Clock skew and request time between our `now` and the server's, when comparing a window. */
const SLACK_MS = 60_000;

/**
 * An existing silence that already does what `draft` asks: the same matchers, author and comment,
 * still in force, and covering the requested window. Used so that a retried or re-run create finds
 * the silence an earlier attempt made instead of stacking a second one — but a look-alike that ends
 * sooner (or starts later) than asked does NOT count: the user would be silenced for less than asked.
 */
export function coversDraft(s: Silence, draft: SilenceDraft): boolean {
  return (
    s.state !== 'expired' &&
    s.createdBy === draft.createdBy &&
    s.comment === draft.comment &&
    matchersEqual(s.matchers, draft.matchers) &&
    s.startsAt.getTime() <= draft.startsAt.getTime() + SLACK_MS &&
    s.endsAt.getTime() >= draft.endsAt.getTime() - SLACK_MS
  );
}

export function findCoveringSilence(silences: Silence[], draft: SilenceDraft): Silence | undefined {
  return silences.find((s) => coversDraft(s, draft));
}

/**
 * The update that moves the end of `s` to `endsAt`. Alertmanager updates in place only when the
 * matchers are identical (same order) and, for an active silence, startsAt is sent back unchanged; so
 * both are copied verbatim. An expired silence cannot be revived in place: it restarts now (and gets
 * a new id).
 */
export function extensionTo(s: Silence, endsAt: Date, now: Date): SilenceDraft & { id: string } {
  const expired = s.state === 'expired' || s.endsAt.getTime() <= now.getTime();
  if (endsAt.getTime() <= now.getTime()) throw usageError('the new end is in the past', 'extend by a positive duration (e.g. 30m), or give a later time');
  return { id: s.id, matchers: s.matchers, startsAt: expired ? now : s.startsAt, endsAt, createdBy: s.createdBy, comment: s.comment };
}

/** Where extending `s` by `by` ms puts its end: from its end, or from now once it has ended. */
export function extendedEnd(s: Silence, by: number, now: Date): Date {
  if (!Number.isFinite(by) || by <= 0) throw usageError('extend by a positive duration', 'e.g. 30m or 2h');
  const expired = s.state === 'expired' || s.endsAt.getTime() <= now.getTime();
  return new Date((expired ? now.getTime() : s.endsAt.getTime()) + by);
}

/** `extendedEnd` and `extensionTo` together: the update that extends `s` by `by` ms. */
export function extensionOf(s: Silence, by: number, now: Date): SilenceDraft & { id: string } {
  return extensionTo(s, extendedEnd(s, by, now), now);
}

/**
 * The silence an extension of `s` to `endsAt` left behind: `s` itself with that end, or (when
 * Alertmanager replaced it) a live silence with the same matchers, author and comment and that end.
 */
export function findExtended(silences: Silence[], s: Pick<Silence, 'id' | 'matchers' | 'createdBy' | 'comment'>, endsAt: Date): Silence | undefined {
  const at = (x: Silence) => x.state !== 'expired' && Math.abs(x.endsAt.getTime() - endsAt.getTime()) <= SLACK_MS;
  return (
    silences.find((x) => x.id === s.id && at(x)) ??
    silences.find((x) => at(x) && x.createdBy === s.createdBy && x.comment === s.comment && matchersEqual(x.matchers, s.matchers))
  );
}
