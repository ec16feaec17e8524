import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import { useScroll } from '../hooks/useScroll.js';
import { cut } from '../format.js';
import type { Theme } from '../theme.js';

export interface ListViewProps<T> {
  items: readonly T[];
  cursor: number;
  height: number;
  width: number;
  focused: boolean;
  theme: Theme;
  rowKey(item: T): string;
  /** Plain text for the row body (after the cursor and mark columns); colour comes from `rowColor`. */
  renderRow(item: T, width: number): ReactNode;
  isMarked?(item: T): boolean;
  empty: string;
}

interface RowProps {
  item: unknown;
  renderRow(item: unknown, width: number): ReactNode;
  selected: boolean;
  marked: boolean;
  focused: boolean;
  width: number;
  theme: Theme;
}

// Memoised per row: moving the cursor re-renders the two rows whose `selected` changed, no others.
const Row = memo(function Row({ item, renderRow, selected, marked, focused, width, theme }: RowProps) {
  return (
    <Text wrap="truncate-end" inverse={selected && focused} bold={selected && !focused}>
      {selected && focused ? theme.glyph.cursor : ' '}
      <Text color={theme.c('accent')}>{marked ? theme.glyph.mark : ' '}</Text>
      {renderRow(item, width - 2)}
    </Text>
  );
});

/** A selectable list that renders only the visible window: 10,000 rows cost what 20 do. */
function ListViewInner<T>({ items, cursor, height, width, focused, theme, rowKey, renderRow, isMarked, empty }: ListViewProps<T>) {
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
      {visible.map((item, i) => (
        <Row
          key={rowKey(item)}
          item={item}
          renderRow={renderRow as RowProps['renderRow']}
          selected={offset + i === cursor}
          marked={isMarked?.(item) ?? false}
          focused={focused}
          width={width}
          theme={theme}
        />
      ))}
    </Box>
  );
}

export const ListView = memo(ListViewInner) as typeof ListViewInner;
