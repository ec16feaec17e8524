import { usageError } from './errors.js';
import { formatMatcher, matcherMatches } from './matchers.js';
import { formatDuration } from './duration.js';
import type { SilenceDraft } from './types.js';

/** A silence longer than this is refused unless the context's `max_silence` says otherwise. */
export const DEFAULT_MAX_SILENCE_MS = 30 * 24 * 3_600_000;

export interface SilenceLimits {
  /** The context's `max_silence` (callers default it to DEFAULT_MAX_SILENCE_MS); none when absent, as for the clients. */
  maxMs?: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a silence before anything is sent, with the same rules Alertmanager applies, so the user
 * gets a precise message (and a half-valid silence never reaches the server). The one set of rules:
 * the dashboard's form, the CLI and the clients all ask this. Messages read alone (the form shows
 * only them); hints name the CLI's flags.
 */
export function validateSilenceDraft(draft: SilenceDraft, now: Date = new Date(), limits: SilenceLimits = {}): void {
  if (draft.matchers.length === 0) {
    throw usageError('a silence needs at least one matcher', 'e.g. `oncall silence add alertname=DiskFull service=db`');
  }
  for (const m of draft.matchers) {
    if (m.name.trim() === '') throw usageError(`matcher ${formatMatcher(m)} has no label name`, 'use name=value');
    // A pasted newline or escape would be sent as part of the value and match nothing anyone typed.
    if (CONTROL.test(m.name) || CONTROL.test(m.value)) {
      throw usageError(`matcher ${JSON.stringify(m.name)} has a control character (newline, tab, escape…) in it: ${JSON.stringify(m.value)}`, 'retype the value on one line');
    }
    // Compiles regexes: an invalid one is a usage error naming the matcher.
    matcherMatches(m, {});
  }
  if (draft.matchers.every((m) => matcherMatches(m, {}))) {
    throw usageError(
      `these matchers would silence every alert: ${draft.matchers.map(formatMatcher).join(', ')}`,
      'add a matcher that needs a non-empty label, e.g. alertname=DiskFull (Alertmanager refuses silences that match the empty label set)',
    );
  }
  if (Number.isNaN(draft.startsAt.getTime()) || Number.isNaN(draft.endsAt.getTime())) {
    throw usageError('the silence start or end is not a valid time', 'use --duration 1h, --end 16:30 or an RFC3339 time');
  }
  if (draft.endsAt.getTime() <= draft.startsAt.getTime()) {
    throw usageError('the silence would end before it starts', 'make --end later than --start, or use --duration');
  }
  if (draft.endsAt.getTime() <= now.getTime()) {
    throw usageError('the silence would end in the past', 'use --duration 1h or an --end time in the future');
  }
  const maxMs = limits.maxMs ?? Number.POSITIVE_INFINITY;
  if (draft.endsAt.getTime() - draft.startsAt.getTime() > maxMs) {
    throw usageError(
      `the silence would last ${formatDuration(draft.endsAt.getTime() - draft.startsAt.getTime())}, longer than max_silence (${formatDuration(maxMs)})`,
      'choose a shorter duration, or raise max_silence in the config (`oncall config path`)',
    );
  }
  if (draft.createdBy.trim() === '') {
    throw usageError('a silence needs an author', 'pass --author or set `author` in your config');
  }
  if (draft.comment.trim() === '') {
    throw usageError('a comment is required: say why (a ticket, "deploying", …)', 'pass --comment "why this is silenced" so the next person knows');
  }
}
