import { Table, type CellProps } from '@alcalzone/ink-table';
import { Text } from 'ink';
import type { PropsWithChildren } from 'react';
import { cut } from '../format.js';
import type { Theme } from '../theme.js';

export interface TableColumn {
  /** Shown as the heading; unique within a table (ink-table keys the cells by it). */
  header: string;
  /** Takes the width left over; cut first when the table is too wide. */
  flex?: boolean;
  /** The narrowest the flex column gets before the others are cut too. */
  min?: number;
  /** Longest value shown; longer ones are cut with an ellipsis. */
  max?: number;
  align?: 'left' | 'right';
}

// ink-table pads each cell by one column on either side; its borders are drawn by `Skeleton` below.
const PAD = 2;

/**
 * Each column's width within `width`: what its longest value needs, the flex column shrunk first,
 * then the widest of the others. ink-table sizes columns to their longest value and has no limit.
 */
export function columnWidths(columns: TableColumn[], rows: string[][], width: number): number[] {
  const want = columns.map((c, i) => Math.min(c.max ?? Infinity, Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length))));
  const floor = columns.map((c) => Math.max(c.header.length, c.flex ? (c.min ?? 1) : 3));
  const widths = [...want];
  let over = widths.reduce((a, w) => a + w + PAD, 0) - width;
  const flex = columns.findIndex((c) => c.flex);
  if (over > 0 && flex >= 0) {
    const give = Math.min(over, widths[flex]! - floor[flex]!);
    widths[flex]! -= Math.max(0, give);
    over -= Math.max(0, give);
  }
  while (over > 0) {
    const i = widths.reduce((best, w, j) => (w - floor[j]! > widths[best]! - floor[best]! ? j : best), 0);
    if (widths[i]! <= floor[i]!) break;
    widths[i]! -= 1;
    over -= 1;
  }
  return widths;
}

/**
 * A plain, non-selectable table drawn by ink-table without its box: its rule lines (between every
 * row, above and below) are dropped and the column bars become nothing, so the table is a heading
 * and one line per row. Values are cut to the widths above before ink-table sees them.
 */
export function PlainTable({ columns, rows, width, theme }: { columns: TableColumn[]; rows: string[][]; width: number; theme: Theme }) {
  const widths = columnWidths(columns, rows, width);
  const data = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.header, cut(r[i] ?? '', widths[i]!)])));
  const Heading = ({ children }: PropsWithChildren) => (
    <Text bold color={theme.c('accent')}>
      {children}
    </Text>
  );
  return <Table data={data} columns={columns.map((c) => ({ key: c.header, align: c.align ?? 'left' }))} padding={1} header={Heading} cell={Cell} skeleton={Skeleton} />;
}

function Cell({ children }: CellProps) {
  return <Text>{children}</Text>;
}

// ink-table draws rules from these characters and bars from │; the plain table shows neither.
const RULE = /^[─┌┬┐├┼┤└┴┘│]+$/;

function Skeleton({ children }: PropsWithChildren) {
  const text = typeof children === 'string' ? children : '';
  if (RULE.test(text)) return <></>;
  return <Text>{text}</Text>;
}
