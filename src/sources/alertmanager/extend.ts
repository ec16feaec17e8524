import { usageError } from '../../domain/errors.js';
import type { Silence, SilenceDraft } from '../../domain/types.js';

/**
 * The update that extends `s` by `by` ms. Alertmanager updates in place only when the matchers are
 * identical (same order) and, for an active silence, startsAt is sent back unchanged; so both are
 * copied verbatim. An expired silence cannot be revived in place: it restarts now (and gets a new id).
 */
export function extensionOf(s: Silence, by: number, now: Date): SilenceDraft & { id: string } {
  if (!Number.isFinite(by) || by <= 0) throw usageError('extend by a positive duration', 'e.g. 30m or 2h');
  const expired = s.state === 'expired' || s.endsAt.getTime() <= now.getTime();
  const from = expired ? now.getTime() : s.endsAt.getTime();
  return {
    id: s.id,
    matchers: s.matchers,
    startsAt: expired ? now : s.startsAt,
    endsAt: new Date(from + by),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}
