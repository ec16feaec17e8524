import { Box, Text } from 'ink';
import { memo } from 'react';
import type { DetailLine } from '../detail.js';
import { wrapLine } from '../format.js';
import type { Theme } from '../theme.js';

export interface DetailPaneProps {
  lines: DetailLine[];
  height: number;
  width: number;
  theme: Theme;
  /** First row shown (the details view scrolls); clamped so the last page stays full. */
  scroll?: number;
  /** What to do about rows that do not fit, told in the last row: "z maximises", "enter opens them". */
  more?: string;
}

/** Each line as the rows it takes: `wrap` lines are wrapped to the pane, the others cut at its edge. */
export function detailRows(lines: DetailLine[], width: number): DetailLine[] {
  return lines.flatMap((l) => (l.wrap ? wrapLine(l.text, width).map((text) => ({ ...l, text })) : [{ ...l, text: l.text.replace(/[\r\n]+/g, ' ') }]));
}

export const DetailPane = memo(function DetailPane({ lines, height, width, theme, scroll = 0, more = 'z maximises' }: DetailPaneProps) {
  const rows = detailRows(lines, width);
  const top = Math.max(0, Math.min(scroll, rows.length - height));
  const shown = rows.slice(top, top + height);
  const below = rows.length - top - height;
  if (below > 0 && height > 0) shown[height - 1] = { text: `… ${below + 1} more lines (${top > 0 ? 'j/k scroll' : more})`, color: 'muted' };
  return (
    <Box flexDirection="column" height={height} width={width}>
      {shown.map((l, i) => (
        // An empty Text takes no row in Ink: a blank line would vanish and the rows below move up.
        <Text key={i} wrap="truncate-end" color={l.color ? theme.c(l.color) : undefined} bold={l.bold}>
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
});
