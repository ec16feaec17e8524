import { Box, Text } from 'ink';
import { memo } from 'react';
import type { DetailLine } from '../detail.js';
import type { Theme } from '../theme.js';

export interface DetailPaneProps {
  lines: DetailLine[];
  height: number;
  width: number;
  theme: Theme;
}

export const DetailPane = memo(function DetailPane({ lines, height, width, theme }: DetailPaneProps) {
  const shown = lines.slice(0, height);
  if (lines.length > height && height > 0) shown[height - 1] = { text: `… ${lines.length - height + 1} more lines (z maximises)`, color: 'muted' };
  return (
    <Box flexDirection="column" height={height} width={width}>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" color={l.color ? theme.c(l.color) : undefined} bold={l.bold}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
});
