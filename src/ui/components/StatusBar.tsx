import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Hint } from '../../keymap/keymap.js';
import type { StatusMessage } from '../../state/types.js';
import { cut } from '../format.js';
import type { Theme } from '../theme.js';

export interface StatusBarProps {
  status?: StatusMessage;
  /** The line being typed (filter, command, note), with its prompt and why it does not parse; replaces the hints. */
  prompt?: { label: string; text: string; error?: string };
  hints: Hint[];
  busy: string[];
  width: number;
  theme: Theme;
}

const part = (h: Hint) => `${h.key} ${h.label}`;

/**
 * As many hints as fit, in the keymap's order; pinned ones (quit, help) first claim their room, so
 * they stay at every width and the others give way.
 */
export function fitHints(hints: Hint[], width: number): string {
  let room = width - hints.filter((h) => h.pinned).reduce((n, h) => n + part(h).length + 2, 0);
  let full = false;
  const shown = hints.filter((h) => {
    if (h.pinned) return true;
    full ||= part(h).length + 2 > room;
    if (!full) room -= part(h).length + 2;
    return !full;
  });
  return shown.map(part).join('  ');
}

/** Two lines: the outcome of the last action, then key hints (or the prompt being typed). */
export const StatusBar = memo(function StatusBar({ status, prompt, hints, busy, width, theme }: StatusBarProps) {
  const tone = status?.tone === 'error' ? theme.c('error') : status?.tone === 'ok' ? theme.c('ok') : undefined;
  const working = busy.length > 0 ? ` [${busy.join(', ')}…]` : '';
  const text = cut((status?.text ?? '') + working, width);
  // `o` on a runbook: a link to click where the terminal knows OSC 8, else the URL itself to copy.
  const linkText = status?.link ? cut(status.link, width - text.length) : '';
  const link = status?.link && linkText ? (theme.display.hyperlinks ? theme.link(status.link, linkText) : linkText) : '';
  const hintLine = fitHints(hints, width);
  const typed = prompt ? cut(`${prompt.text}_`, Math.max(0, width - prompt.label.length)) : '';
  const promptError = prompt?.error ? cut(`  ${prompt.error}`, Math.max(0, width - prompt.label.length - typed.length)) : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" color={tone}>
        {text}
        {link}
      </Text>
      {prompt ? (
        <Text wrap="truncate-end">
          <Text color={theme.c('accent')}>{prompt.label}</Text>
          {typed}
          {promptError ? <Text color={theme.c('error')}>{promptError}</Text> : null}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={theme.c('muted')}>
          {cut(hintLine.trimEnd(), width)}
        </Text>
      )}
    </Box>
  );
});
