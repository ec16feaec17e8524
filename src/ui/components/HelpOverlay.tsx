import { Box, Text } from 'ink';
import { memo } from 'react';
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

/** Generated from the keymap, like the footer and docs/keys.md. Two columns when there is room. */
export const HelpOverlay = memo(function HelpOverlay({ scroll, readOnly, readOnlyReason, height, width, theme }: HelpOverlayProps) {
  const rows: Array<{ keys: string; text: string; head?: boolean; off?: boolean }> = [];
  for (const scope of SCOPE_ORDER) {
    const bindings = KEYMAP.filter((k) => k.scope === scope);
    if (bindings.length === 0) continue;
    rows.push({ keys: '', text: SCOPE_TITLES[scope], head: true });
    for (const b of bindings) {
      const off = readOnly && b.write;
      rows.push({ keys: b.keys.map(keyLabel).join(' '), text: `${b.description}${b.dangerous ? ' (confirms)' : ''}${off ? ' — off: read-only' : ''}`, off });
    }
  }
  rows.push({ keys: '', text: 'Command words (type after :, then enter)', head: true });
  for (const w of WORDS) rows.push({ keys: `${w.words.map((word) => `:${word}`).join(' ')}${w.args ? ` ${w.args}` : ''}`, text: w.description });
  const keyWidth = Math.min(KEY_COLUMN_MAX, Math.max(...rows.map((r) => r.keys.length)));
  const lines = rows.map((r) => (r.head ? r : { ...r, text: `  ${fit(r.keys, keyWidth)} ${r.text}` }));
  const inner = Math.max(1, height - 3);
  const columns = width >= 120 && lines.length > inner ? 2 : 1;
  const colWidth = Math.floor((width - 4) / columns);
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
