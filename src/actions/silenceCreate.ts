import { formatMatcher } from '../domain/matchers.js';
import { validateSilenceDraft } from '../domain/silenceDraft.js';
import { findCoveringSilence } from '../domain/silences.js';
import type { Silence, SilenceDraft } from '../domain/types.js';
import { silenceLimits, type ActionDeps, type SilenceClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

export interface SilenceCreated {
  id: string;
  /** false: an identical silence already covered the request, and none was made. */
  created: boolean;
  reconciled: boolean;
  /** The silence that already covered it, when `created` is false. */
  twin?: Silence;
  /** "created", "created (the answer was lost; …)", "exists (…)" */
  message: string;
}

/**
 * Creates a silence, once. A silence with the same matchers, author and comment that already covers
 * the window (an earlier run, a retry after a lost answer) is reused instead of stacking a second.
 * `existing` saves a request when the caller has just listed the silences.
 */
export async function createSilence(deps: ActionDeps, am: SilenceClient, draft: SilenceDraft, existing?: Silence[]): Promise<SilenceCreated> {
  validateSilenceDraft(draft, deps.now(), silenceLimits(deps));
  const twin = findCoveringSilence(existing ?? (await am.silences()), draft);
  if (twin) return { id: twin.id, created: false, reconciled: false, twin, message: 'exists already (an identical silence covers this); nothing sent' };
  const { value, reconciled } = await runWrite(deps, {
    action: 'silence.create',
    target: draft.matchers.map(formatMatcher).join(' '),
    user: draft.createdBy,
    extra: { start: draft.startsAt.toISOString(), end: draft.endsAt.toISOString() },
    send: () => am.createSilence(draft),
    readBack: async () => findCoveringSilence(await am.silences(), draft)?.id,
    ids: (id) => [id],
    what: 'create the silence',
    check: `oncall silences ${draft.matchers.map((m) => `'${formatMatcher(m)}'`).join(' ')}`,
  });
  return { id: value, created: true, reconciled, message: reconciled ? `created (${LOST_NOTE})` : 'created' };
}
