import { parseDuration, parseTime } from '../domain/duration.js';
import { formatMatcher, parseMatchers } from '../domain/matchers.js';
import { DEFAULT_MAX_SILENCE_MS, validateSilenceDraft } from '../domain/silenceDraft.js';
import type { Alert, Matcher, SilenceDraft } from '../domain/types.js';
import { splitWords } from './filter.js';
import { commonLabels } from './selectors.js';
import { DURATION_PRESETS, SILENCE_FIELDS, type DurationPreset, type SilenceField, type SilenceFormState } from './types.js';

/** Prefilled from the alerts' labels; labels whose values differ across the alerts are left out. */
export function newSilenceForm(alerts: Alert[]): SilenceFormState {
  const labels = commonLabels(alerts);
  const names = Object.keys(labels).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)));
  return {
    matchersText: names.map((name) => formatMatcher({ name, value: labels[name]!, isRegex: false, isEqual: true })).join(' '),
    preset: '1h',
    customDuration: '',
    startText: '',
    comment: '',
    field: 'comment',
    submitting: false,
  };
}

export function formMatchers(form: SilenceFormState): { matchers: Matcher[]; error?: string } {
  try {
    return { matchers: parseMatchers(splitWords(form.matchersText)) };
  } catch (err) {
    return { matchers: [], error: (err as Error).message };
  }
}

export function formDurationMs(form: SilenceFormState): number {
  return parseDuration(form.preset === 'custom' ? form.customDuration : form.preset);
}

/**
 * Builds the draft and checks it with the domain's rules (the same the CLI and the clients use), so a
 * mistake costs no round trip and no audit line. The form shows the message alone: the hints name CLI flags.
 */
export function buildDraft(form: SilenceFormState, author: string, now: Date, maxMs = DEFAULT_MAX_SILENCE_MS): { draft?: SilenceDraft; error?: string } {
  const { matchers, error } = formMatchers(form);
  if (error) return { error };
  try {
    const startsAt = form.startText.trim() === '' ? now : parseTime(form.startText, now);
    const endsAt = new Date(startsAt.getTime() + formDurationMs(form));
    const draft = { matchers, startsAt, endsAt, createdBy: author, comment: form.comment.trim() };
    validateSilenceDraft(draft, now, { maxMs });
    return { draft };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export function cycle<T>(list: readonly T[], current: T, step: number): T {
  const i = list.indexOf(current);
  return list[(i + step + list.length) % list.length]!;
}

export function nextField(field: SilenceField, step: 1 | -1): SilenceField {
  return cycle(SILENCE_FIELDS, field, step);
}

export function nextPreset(preset: DurationPreset, step: 1 | -1): DurationPreset {
  return cycle(DURATION_PRESETS, preset, step);
}

/** The text the focused field edits, and how to write it back. */
export function fieldText(form: SilenceFormState): string | undefined {
  switch (form.field) {
    case 'matchers':
      return form.matchersText;
    case 'comment':
      return form.comment;
    case 'start':
      return form.startText;
    case 'duration':
      return form.preset === 'custom' ? form.customDuration : undefined;
  }
}

export function withFieldText(form: SilenceFormState, text: string): Partial<SilenceFormState> {
  switch (form.field) {
    case 'matchers':
      return { matchersText: text, error: undefined, emptyAcknowledged: false };
    case 'comment':
      return { comment: text, error: undefined, emptyAcknowledged: false };
    case 'start':
      return { startText: text, error: undefined, emptyAcknowledged: false };
    case 'duration':
      return form.preset === 'custom' ? { customDuration: text, error: undefined, emptyAcknowledged: false } : {};
  }
}
