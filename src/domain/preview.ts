import { matcherMatches, matchesAll } from './matchers.js';
import type { Alert, Matcher } from './types.js';

/**
 * karma's silence preview: how many firing alerts a silence would match, in total and per matcher,
 * so a too-wide or a mistyped matcher shows before anything is created.
 */
export interface SilencePreview {
  total: number;
  perMatcher: Array<{ matcher: Matcher; matches: number }>;
  /** Up to a handful of the matched alerts, for a glance. */
  sample: Alert[];
}

export function previewSilence(matchers: Matcher[], alerts: Alert[], sampleSize = 5): SilencePreview {
  // No matchers silence nothing (Alertmanager refuses such a silence), though "all of none" holds for every alert.
  const matched = matchers.length === 0 ? [] : alerts.filter((a) => matchesAll(matchers, a.labels));
  return {
    total: matched.length,
    perMatcher: matchers.map((m) => ({ matcher: m, matches: alerts.filter((a) => matcherMatches(m, a.labels)).length })),
    sample: matched.slice(0, sampleSize),
  };
}

/** Silences that match no firing alert: hygiene users ask for (alertmanager#5459). */
export function silenceMatchCounts(silences: Array<{ id: string; matchers: Matcher[] }>, alerts: Alert[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of silences) counts.set(s.id, alerts.filter((a) => matchesAll(s.matchers, a.labels)).length);
  return counts;
}
