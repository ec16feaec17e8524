import { Box, Text } from 'ink';
import { memo } from 'react';
import { useScroll } from '../hooks/useScroll.js';
import { cut, fit } from '../format.js';
import { paint } from '../text/paint.js';
import type { Theme } from '../theme.js';

export interface ListViewProps<T> {
  /** The rows: an array, or rows made when read (only the visible window is). */
  items: { readonly length: number; slice(start: number, end: number): readonly T[] };
  cursor: number;
  height: number;
  width: number;
  focused: boolean;
  theme: Theme;
  /**
   * The row body (after the cursor and mark columns): its text, colours painted in (paint).
   * `time` is what `rowTime` answered for the row: a row must take everything that follows the clock
   * from it, never from a clock of its own, so that it re-renders exactly when that text changes.
   */
  renderRow(item: T, width: number, time: string): string;
  /**
   * The row's text that follows the clock ("5m", "ack in 2m"), computed for the visible rows at every
   * render. A row re-renders when it changes: the 1 s tick costs a frame only where a figure moved.
   */
  rowTime?(item: T): string;
  isMarked?(item: T): boolean;
  empty: string;
  /** Over several contexts: the context column's width (0 or absent: no column) and each row's context. */
  contextWidth?: number;
  rowContext?(item: T): string | undefined;
}

interface RowProps {
  item: unknown;
  renderRow(item: unknown, width: number, time: string): string;
  time: string;
  selected: boolean;
  marked: boolean;
  /** The list has focus and this is the cursor's row (false on every other row). */
  focused: boolean;
  width: number;
  theme: Theme;
  /** The context column, already fitted to its width ('' when there is none). */
  context: string;
}

// Memoised per row: moving the cursor re-renders the two rows whose `selected` changed, no others.
const Row = memo(function Row({ item, renderRow, time, selected, marked, focused, width, theme, context }: RowProps) {
  const inverse = selected && focused;
  const bold = selected && !focused;
  const lead = `${inverse ? theme.glyph.cursor : ' '}${paint(marked ? theme.glyph.mark : ' ', theme.c('accent'))}${paint(context, theme.c('info'))}`;
  // One text node per row holding one string, its colours painted in (src/ui/text/paint.ts): each
  // node is a Yoga node that Ink lays out and measures on every frame, and the glyphs (●, ▾) that
  // once made a whole row's measure slow are answered by src/ui/text/symbolWidth.ts. Two nodes (the
  // lead apart) made every frame dearer: keypress p50 at 80,000 alerts 4.1-4.6 ms, against 3.3-4.1.
  return (
    <Text wrap="truncate-end" inverse={inverse} bold={bold}>
      {lead + renderRow(item, width - 2 - context.length, time)}
    </Text>
  );
});

/** A selectable list that renders only the visible window: 10,000 rows cost what 20 do. */
function ListViewInner<T>({ items, cursor, height, width, focused, theme, renderRow, rowTime, isMarked, empty, contextWidth = 0, rowContext }: ListViewProps<T>) {
  const offset = useScroll(cursor, height, items.length);
  if (items.length === 0) {
    return (
      <Box height={height} flexDirection="column">
        <Text wrap="truncate-end" color={theme.c('muted')}>
          {cut(`  ${empty}`, width)}
        </Text>
      </Box>
    );
  }
  const visible = items.slice(offset, offset + height);
  return (
    <Box height={height} flexDirection="column">
      {/* Keyed by row number modulo the height, not by item: a jump (G) or a filter that brings 40 new
          rows then updates 40 rows' text instead of unmounting 40 and mounting 40 (8-21 ms of a G at
          80,000 alerts, against 3-9), and scrolling by one still re-renders one row, not the window. */}
      {visible.map((item, i) => (
        <Row
          key={(offset + i) % height}
          item={item}
          renderRow={renderRow as RowProps['renderRow']}
          time={rowTime?.(item) ?? ''}
          selected={offset + i === cursor}
          marked={isMarked?.(item) ?? false}
          // Only the cursor's row shows focus: a pane switch (tab) re-renders that row in each pane, not the window.
          focused={offset + i === cursor && focused}
          width={width}
          theme={theme}
          context={contextWidth > 0 && rowContext ? `${fit(rowContext(item) ?? '', contextWidth)} ` : ''}
        />
      ))}
    </Box>
  );
}

export const ListView = memo(ListViewInner) as typeof ListViewInner;
