import type { SourceHealth } from '../state/types.js';
import { age } from './format.js';
import type { ColorName } from './theme.js';

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
