import { Box, Text } from 'ink';
import { memo } from 'react';
import type { DashboardState, FleetContext, SourceHealth, SourceName } from '../../state/types.js';
import { FleetHealth } from './FleetHealth.js';
import { age, cut } from '../format.js';
import type { ColorName, Theme } from '../theme.js';

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

/** "ok 4s" / "slow 6s…" / "failing 2m (ok 5m ago)": the state and how long since the last good answer. */
export function healthText(h: SourceHealth, now: number, slowMs: number): { word: string; color: ColorName; since: string } {
  const since = h.lastOkAt !== undefined ? age(h.lastOkAt, now) : '';
  if (h.status === 'off') return { word: 'off', color: 'muted', since: '' };
  if (h.inFlight && h.inFlightSince !== undefined && now - h.inFlightSince > slowMs && h.status !== 'failing') {
    return { word: 'slow', color: 'warning', since: `${age(h.inFlightSince, now)}…` };
  }
  switch (h.status) {
    case 'unknown':
      return { word: 'loading', color: 'muted', since: '' };
    case 'ok':
      return { word: 'ok', color: 'ok', since };
    case 'slow':
      return { word: 'slow', color: 'warning', since };
    case 'failing':
      // The server said how long to wait: say when it will be asked again rather than look stuck.
      if (h.lastErrorKind === 'rate_limited' && h.nextAttemptAt !== undefined && h.nextAttemptAt > now) {
        return { word: '429', color: 'critical', since: `again in ${age(now, h.nextAttemptAt)}` };
      }
      return { word: h.lastErrorKind === 'auth' ? '401' : h.lastErrorKind === 'rate_limited' ? '429' : 'failing', color: 'critical', since: since ? `ok ${since} ago` : 'never ok' };
  }
}

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
        {fleet ? <FleetHealth fleet={fleet} now={now} slowMs={slowMs} theme={theme} /> : null}
        {context.readOnly ? <Text color={theme.c('warning')}> [read-only]</Text> : null}
        {paused ? <Text color={theme.c('warning')}> [paused]</Text> : null}
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
