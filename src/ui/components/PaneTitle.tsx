import { Text } from 'ink';
import type { Theme } from '../theme.js';
import { fit } from '../format.js';

export interface PaneTitleProps {
  title: string;
  detail?: string;
  focused: boolean;
  width: number;
  theme: Theme;
}

/** A one-line title rule instead of a border: two fewer lines per pane, which 24 rows need. */
export function PaneTitle({ title, detail, focused, width, theme }: PaneTitleProps) {
  const r = theme.glyph.rule;
  const head = `${r} ${title}${detail ? ` ${r} ${detail}` : ''} `;
  return (
    <Text wrap="truncate-end" bold={focused} inverse={focused} color={focused ? undefined : theme.c('muted')}>
      {fit(head + r.repeat(Math.max(0, width - head.length)), width)}
    </Text>
  );
}
