import { Box, Text } from 'ink';
import { memo } from 'react';
import type { DashboardState, FleetContext, SourceName } from '../../state/types.js';
import { FleetHealth } from './FleetHealth.js';
import { healthText } from '../health.js';
import { cut } from '../format.js';
import type { Theme } from '../theme.js';

export interface HeaderProps {
  context: DashboardState['context'];
  /** Several contexts: each one's health, compactly, instead of the one context's. */
  fleet?: FleetContext[];
  sources: DashboardState['sources'];
  onCall: string[];
  /** Set while PagerDuty has never answered: who is on call is unknown, not nobody. */
  onCallUnknown?: string;
  paused: boolean;
  now: number;
  slowMs: number;
  width: number;
  theme: Theme;
}

const SHORT: Record<SourceName, string> = { alertmanager: 'am', pagerduty: 'pd', prometheus: 'prom' };

export const Header = memo(function Header({ context, fleet, sources, onCall, onCallUnknown, paused, now, slowMs, width, theme }: HeaderProps) {
  const names = fleet ? [] : (Object.keys(sources) as SourceName[]).filter((n) => sources[n].status !== 'off');
  const peersDown = (sources.alertmanager.peers ?? []).filter((p) => !p.ok).map((p) => p.name);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>oncall </Text>
        <Text color={context.isProd ? theme.c('prod') : theme.c('accent')} bold={context.isProd} inverse={context.isProd}>
          {` ${fleet ? `${fleet.length} contexts` : context.name}${context.isProd ? ' PROD' : ''} `}
        </Text>
        {/* Before the contexts' health, which can run past the width and is cut there. */}
        {context.readOnly ? <Text color={theme.c('warning')}> [read-only]</Text> : null}
        {paused ? <Text color={theme.c('warning')}> [paused]</Text> : null}
        {fleet ? <FleetHealth fleet={fleet} now={now} slowMs={slowMs} theme={theme} /> : null}
        {names.map((n) => {
          const h = healthText(sources[n], now, slowMs);
          return (
            <Text key={n}>
              {'  '}
              {SHORT[n]} <Text color={theme.c(h.color)}>{theme.glyph.dot} {h.word}</Text>
              {h.since ? <Text color={theme.c('muted')}> {h.since}</Text> : null}
            </Text>
          );
        })}
        {peersDown.length > 0 && !fleet ? <Text color={theme.c('warning')}> (down: {peersDown.join(',')})</Text> : null}
      </Text>
      <Text wrap="truncate-end" color={theme.c('muted')}>
        {cut(`on call: ${onCall.length > 0 ? onCall.join(', ') : sources.pagerduty.status === 'off' ? 'PagerDuty not configured' : (onCallUnknown ?? '—')}`, width)}
      </Text>
    </Box>
  );
});
