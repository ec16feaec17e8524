import { Box, Text } from 'ink';
import type { ConfirmState } from '../../state/types.js';
import type { Theme } from '../theme.js';

export interface ConfirmDialogProps {
  confirm: ConfirmState;
  width: number;
  theme: Theme;
}

/** The focused button is bracketed, not only inverse: without colour (NO_COLOR) inverse is gone too. */
export function button(label: string, focused: boolean): string {
  return focused ? `[ ${label} ]` : `  ${label}  `;
}

/** Opens with Cancel focused: enter on a reflex does nothing destructive. */
export function ConfirmDialog({ confirm, width, theme }: ConfirmDialogProps) {
  const w = Math.min(width, 70);
  return (
    <Box flexDirection="column" width={w} borderStyle={theme.border} borderColor={theme.c('warning')} paddingX={1}>
      <Text bold wrap="truncate-end">{confirm.title}</Text>
      <Text wrap="wrap">{confirm.message}</Text>
      <Text>
        <Text inverse={confirm.focus === 0} bold={confirm.focus === 0}>{button('Cancel', confirm.focus === 0)}</Text>
        {'  '}
        <Text inverse={confirm.focus === 1} bold={confirm.focus === 1} color={theme.c('critical')}>{button('Yes, do it', confirm.focus === 1)}</Text>
      </Text>
      <Text color={theme.c('muted')} wrap="truncate-end">tab/←/→ move · enter press · y yes · esc cancel</Text>
    </Box>
  );
}
