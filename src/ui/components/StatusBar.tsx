import { Box, Text } from 'ink';
import { memo } from 'react';
import type { StatusMessage } from '../../state/types.js';
import { cut } from '../format.js';
import type { Theme } from '../theme.js';

export interface StatusBarProps {
  status?: StatusMessage;
  /** The line being typed (filter, command, note), with its prompt; replaces the hints. */
  prompt?: { label: string; text: string };
  hints: Array<{ key: string; label: string }>;
  busy: string[];
  width: number;
  theme: Theme;
}

/** Two lines: the outcome of the last action, then key hints (or the prompt being typed). */
export const StatusBar = memo(function StatusBar({ status, prompt, hints, busy, width, theme }: StatusBarProps) {
  const tone = status?.tone === 'error' ? theme.c('error') : status?.tone === 'ok' ? theme.c('ok') : undefined;
  const working = busy.length > 0 ? ` [${busy.join(', ')}…]` : '';
  const text = cut((status?.text ?? '') + working, width);
  // `o` on a runbook: a link to click where the terminal knows OSC 8, else the URL itself to copy.
  const linkText = status?.link ? cut(status.link, width - text.length) : '';
  const link = status?.link && linkText ? (theme.display.hyperlinks ? theme.link(status.link, linkText) : linkText) : '';
  let hintLine = '';
  for (const h of hints) {
    const part = `${h.key} ${h.label}  `;
    if (hintLine.length + part.length > width) break;
    hintLine += part;
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" color={tone}>
        {text}
        {link}
      </Text>
      {prompt ? (
        <Text wrap="truncate-end">
          <Text color={theme.c('accent')}>{prompt.label}</Text>
          {cut(`${prompt.text}_`, Math.max(0, width - prompt.label.length))}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={theme.c('muted')}>
          {cut(hintLine.trimEnd(), width)}
        </Text>
      )}
    </Box>
  );
});
