import { Box, Text } from 'ink';
import { memo } from 'react';
import wrapAnsi from 'wrap-ansi';
import { KEYMAP, SCOPE_ORDER, SCOPE_TITLES, WORDS } from '../../keymap/keymap.js';
import { keyLabel } from '../../keymap/markdown.js';
import { fit } from '../format.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  scroll: number;
  readOnly: boolean;
  readOnlyReason?: string;
  height: number;
  width: number;
  theme: Theme;
}

// The key column grows to the longest keys up to this, so descriptions keep most of the width.
const KEY_COLUMN_MAX = 22;

interface Entry {
  keys: string;
  text: string;
  head?: boolean;
  off?: boolean;
}
type Line = { text: string; head?: boolean; off?: boolean };

function entries(readOnly: boolean): Entry[] {
  const out: Entry[] = [];
  for (const scope of SCOPE_ORDER) {
    const bindings = KEYMAP.filter((k) => k.scope === scope);
    if (bindings.length === 0) continue;
    out.push({ keys: '', text: SCOPE_TITLES[scope], head: true });
    for (const b of bindings) {
      const off = readOnly && b.write;
      out.push({ keys: b.keys.map(keyLabel).join(' '), text: `${b.description}${b.dangerous ? ' (confirms)' : ''}${off ? ' — off: read-only' : ''}`, off });
    }
  }
  out.push({ keys: '', text: 'Command words (type after :, then enter)', head: true });
  for (const w of WORDS) out.push({ keys: `${w.words.map((word) => `:${word}`).join(' ')}${w.args ? ` ${w.args}` : ''}`, text: w.description });
  return out;
}

/** Each entry as lines of `width`: the keys, then the description wrapped under itself, never cut. */
function layoutLines(list: Entry[], width: number): Line[] {
  const keyWidth = Math.min(KEY_COLUMN_MAX, Math.max(...list.map((e) => e.keys.length)));
  const indent = 2 + keyWidth + 1;
  const room = Math.max(10, width - indent - 1);
  return list.flatMap((e): Line[] => {
    if (e.head) return [{ text: e.text, head: true }];
    const parts = wrapAnsi(e.text, room, { hard: true, trim: true }).split('\n');
    return parts.map((p, i) => ({ text: `${i === 0 ? `  ${fit(e.keys, keyWidth)} ` : ' '.repeat(indent)}${p}`, off: e.off }));
  });
}

/** Generated from the keymap, like the footer and docs/keys.md. Two columns when there is room. */
export const HelpOverlay = memo(function HelpOverlay({ scroll, readOnly, readOnlyReason, height, width, theme }: HelpOverlayProps) {
  const list = entries(readOnly);
  const inner = Math.max(1, height - 3);
  let lines = layoutLines(list, width - 4);
  const columns = width >= 120 && lines.length > inner ? 2 : 1;
  const colWidth = Math.floor((width - 4) / columns);
  if (columns > 1) lines = layoutLines(list, colWidth);
  const top = Math.min(scroll, Math.max(0, lines.length - inner * columns));
  const cols = Array.from({ length: columns }, (_, c) => lines.slice(top + c * inner, top + (c + 1) * inner));
  const more = lines.length - top - inner * columns;
  return (
    <Box flexDirection="column" height={height} width={width} borderStyle={theme.border}>
      <Text wrap="truncate-end" bold>
        {fit(`Keys — ? or esc closes${more > 0 || top > 0 ? ' · j/k scroll' : ''}${more > 0 ? ` · ${more} more below` : ''}${readOnly ? ` · read-only: ${readOnlyReason ?? 'on'}` : ''}`, width - 2)}
      </Text>
      <Box flexDirection="row">
        {cols.map((col, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {col.map((l, i) => (
              <Text key={i} wrap="truncate-end" bold={l.head} color={l.head ? theme.c('accent') : l.off ? theme.c('muted') : undefined}>
                {l.text}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
});
