import { Box, Text } from 'ink';
import { format } from 'date-fns';
import { parseTime } from '../../domain/duration.js';
import { formatMatcher } from '../../domain/matchers.js';
import type { Alert } from '../../domain/types.js';
import { previewSilence } from '../../domain/preview.js';
import { formDurationMs, formMatchers } from '../../state/silenceForm.js';
import { DURATION_PRESETS, type SilenceField, type SilenceFormState } from '../../state/types.js';
import { fit } from '../format.js';
import type { Theme } from '../theme.js';

export interface SilenceFormProps {
  form: SilenceFormState;
  alerts: Alert[];
  author: string;
  now: number;
  height: number;
  width: number;
  theme: Theme;
}

function endsText(form: SilenceFormState, now: number): string {
  try {
    const start = form.startText.trim() === '' ? new Date(now) : parseTime(form.startText, new Date(now));
    const end = new Date(start.getTime() + formDurationMs(form));
    return `${format(start, 'MM-dd HH:mm')} → ${format(end, 'MM-dd HH:mm')}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The chosen preset is marked `>15m<`, not only inverse: without colour (NO_COLOR) inverse is gone too. */
function presetText(text: string, chosen: boolean): string {
  return chosen ? `>${text}<` : ` ${text} `;
}

/** The silence form, with karma's preview: how many firing alerts match, in total and per matcher. */
export function SilenceForm({ form, alerts, author, now, height, width, theme }: SilenceFormProps) {
  const { matchers, error: matcherError } = formMatchers(form);
  const preview = previewSilence(matchers, alerts);
  const label = (field: SilenceField, text: string) => (
    <Text bold={form.field === field} inverse={form.field === field}>
      {fit(`${form.field === field ? '>' : ' '}${text}`, 10)}
    </Text>
  );
  const cursor = (field: SilenceField) => (form.field === field ? '_' : '');
  const room = Math.max(0, height - 10);
  const shownMatchers = matchers.slice(0, room);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold wrap="truncate-end">
        {fit(`New silence — by ${author}${form.submitting ? ' — sending…' : ''}`, width)}
      </Text>
      <Text wrap="truncate-end">
        {label('matchers', 'Matchers')} {form.matchersText}
        {cursor('matchers')}
      </Text>
      {shownMatchers.map((m, i) => (
        <Text key={i} wrap="truncate-end" color={preview.perMatcher[i]?.matches === 0 ? theme.c('warning') : theme.c('muted')}>
          {`           ${fit(formatMatcher(m), Math.max(10, width - 32))} matches ${preview.perMatcher[i]?.matches ?? 0}`}
        </Text>
      ))}
      {matchers.length > shownMatchers.length ? <Text color={theme.c('muted')}>{`           … and ${matchers.length - shownMatchers.length} more`}</Text> : null}
      <Text wrap="truncate-end" color={matcherError ? theme.c('error') : preview.total === 0 ? theme.c('warning') : theme.c('accent')}>
        {matcherError ? `           ${matcherError}` : `           together: ${preview.total} of ${alerts.length} firing alerts`}
      </Text>
      <Text wrap="truncate-end">
        {label('duration', 'Duration')}{' '}
        {DURATION_PRESETS.map((p) => (
          <Text key={p} inverse={form.preset === p} bold={form.preset === p}>
            {presetText(p === 'custom' ? `custom: ${form.customDuration}${form.preset === 'custom' ? cursor('duration') : ''}` : p, form.preset === p)}
          </Text>
        ))}
      </Text>
      <Text wrap="truncate-end">
        {label('start', 'Starts')} {form.startText === '' && form.field !== 'start' ? <Text color={theme.c('muted')}>now (or +2h, 14:00, 2024-05-01T14:00Z)</Text> : `${form.startText}${cursor('start')}`}
      </Text>
      <Text wrap="truncate-end">
        {label('comment', 'Comment')} {form.comment}
        {cursor('comment')}
        {form.comment === '' ? <Text color={theme.c('muted')}> (required)</Text> : null}
      </Text>
      <Text wrap="truncate-end" color={theme.c('muted')}>
        {`           ${endsText(form, now)}`}
      </Text>
      <Text wrap="truncate-end" color={theme.c('error')}>
        {form.error ?? ' '}
      </Text>
    </Box>
  );
}
