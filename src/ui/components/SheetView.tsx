import { Box, Text } from 'ink';
import type { SheetState } from '../../state/types.js';
import { blockHeight, type SheetBlock } from '../sheet.js';
import type { Theme } from '../theme.js';
import { PaneTitle } from './PaneTitle.js';
import { PlainTable } from './PlainTable.js';

export interface SheetViewProps {
  sheet: SheetState;
  blocks: SheetBlock[];
  height: number;
  width: number;
  theme: Theme;
}

/** Rows the content gets: the body less the title rule. */
export const sheetRows = (height: number) => Math.max(1, height - 1);

/** The last first line that still fills the view. */
export function sheetMaxScroll(blocks: SheetBlock[], height: number): number {
  return Math.max(0, blocks.reduce((n, b) => n + blockHeight(b), 0) - sheetRows(height));
}

const TITLES: Record<SheetState['kind'], string> = { report: 'Report: MTTA and MTTR', handover: 'Handover' };

/**
 * `:report` and `:handover` over the whole body. The content is laid out whole and shifted up
 * inside a box that clips it, so a table scrolls by lines like the text around it.
 */
export function SheetView({ sheet, blocks, height, width, theme }: SheetViewProps) {
  const rows = sheetRows(height);
  const max = sheetMaxScroll(blocks, height);
  const top = Math.min(sheet.scroll, max);
  const below = max - top;
  const state = sheet.loading ? (sheet.report || sheet.handover ? 'reading again…' : 'loading…') : sheet.error ? 'failed' : '';
  const detail = [`last ${sheet.span}`, state, 'esc closes', max > 0 ? 'j/k scroll' : '', below > 0 ? `${below} more below` : ''].filter(Boolean).join(' · ');
  const tone = { title: theme.c('accent'), head: theme.c('accent'), error: theme.c('error'), muted: theme.c('muted') };
  return (
    <Box flexDirection="column" height={height} width={width}>
      <PaneTitle title={TITLES[sheet.kind]} detail={detail} focused width={width} theme={theme} />
      <Box height={rows} overflow="hidden" flexDirection="column">
        <Box flexDirection="column" marginTop={-top} flexShrink={0}>
          {blocks.map((b, i) =>
            b.kind === 'table' ? (
              <PlainTable key={i} columns={b.columns} rows={b.rows} width={width} theme={theme} />
            ) : (
              <Text key={i} wrap="truncate-end" bold={b.tone === 'title' || b.tone === 'head'} color={b.tone ? tone[b.tone] : undefined}>
                {b.text || ' '}
              </Text>
            ),
          )}
        </Box>
      </Box>
    </Box>
  );
}
