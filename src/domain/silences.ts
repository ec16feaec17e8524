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
