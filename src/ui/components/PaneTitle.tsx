import { Text, Transform } from 'ink';
import type { Theme } from '../theme.js';
import { fit } from '../format.js';

export interface PaneTitleProps {
  title: string;
  detail?: string;
  focused: boolean;
  width: number;
  theme: Theme;
}

// Stands in for the rule glyph while Ink measures the line (both are one column wide).
const STAND_IN = '-';

function line(rule: string, title: string, detail: string | undefined, width: number): string {
  const head = `${rule} ${title}${detail ? ` ${rule} ${detail}` : ''} `;
  return fit(head + rule.repeat(Math.max(0, width - head.length)), width);
}

/**
 * A one-line title rule instead of a border: two fewer lines per pane, which 24 rows need.
 * Ink measures every text node on every frame, and string-width takes about 200 µs for a line of
 * 120 box-drawing characters (under 1 µs in ASCII); so the line is measured with ASCII stand-ins
 * and the rule is put back by a Transform, which Ink runs on the finished line, after measuring.
 */
export function PaneTitle({ title, detail, focused, width, theme }: PaneTitleProps) {
  const r = theme.glyph.rule;
  const drawn = line(r, title, detail, width);
  const measured = r.length === 1 && r !== STAND_IN ? line(STAND_IN, title, detail, width) : drawn;
  const text = (
    <Text wrap="truncate-end" bold={focused} inverse={focused} color={focused ? undefined : theme.c('muted')}>
      {measured}
    </Text>
  );
  if (measured === drawn) return text;
  return <Transform transform={(out) => out.replace(measured, drawn)}>{text}</Transform>;
}
