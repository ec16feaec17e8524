import { Box, Text } from 'ink';
import { memo } from 'react';
import type { PaneLine } from '../runbookLines.js';
import type { Theme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';

export interface RunbookPaneProps {
  title: string;
  lines: PaneLine[];
  /** Rows including the title line. */
  height: number;
  width: number;
  focused: boolean;
  theme: Theme;
}

/** The runbook beside (or under) the details: a title rule, then the lines the model chose. */
export const RunbookPane = memo(function RunbookPane({ title, lines, height, width, focused, theme }: RunbookPaneProps) {
  const rows = Math.max(0, height - 1);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <PaneTitle title="Runbook" detail={title} focused={focused} width={width} theme={theme} />
      {lines.slice(0, rows).map((l, i) => (
        <Text key={i} wrap="truncate-end" color={l.color ? theme.c(l.color) : undefined} bold={l.bold}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
});
