import { Box, Text } from 'ink';
import { memo } from 'react';
import { KEYMAP, SCOPE_TITLES, type Scope } from '../../keymap/keymap.js';
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

const ORDER: Scope[] = ['global', 'list', 'alerts', 'incidents', 'silences', 'runbook', 'confirm', 'form'];

/** Generated from the keymap, like the footer and docs/keys.md. Two columns when there is room. */
export const HelpOverlay = memo(function HelpOverlay({ scroll, readOnly, readOnlyReason, height, width, theme }: HelpOverlayProps) {
  const lines: Array<{ text: string; head?: boolean; off?: boolean }> = [];
  for (const scope of ORDER) {
    lines.push({ text: SCOPE_TITLES[scope], head: true });
    for (const b of KEYMAP.filter((k) => k.scope === scope)) {
      const off = readOnly && b.write;
      lines.push({ text: `  ${fit(b.keys.join(' '), 14)} ${b.description}${b.dangerous ? ' (confirms)' : ''}${off ? ' — off: read-only' : ''}`, off });
    }
  }
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
