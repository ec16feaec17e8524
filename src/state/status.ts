import type { DashboardState, StatusMessage } from './types.js';

/** How long news ("refreshing every source…", "copied: …", a runbook's link) stays on the status line. */
export const NEWS_MS = 6_000;
/** An error that names no lasting failure ("no incident selected") stays longer, to be read, then goes too. */
export const ERROR_MS = 20_000;

/**
 * The status message as it should show now, or nothing once it no longer applies: messages fade,
 * except one reporting a source's failure while that source is still failing.
 */
export function shownStatus(state: DashboardState): StatusMessage | undefined {
  const status = state.status;
  if (!status) return undefined;
  if (status.source && state.sources[status.source].status === 'failing') return status;
  const ttl = status.tone === 'error' ? ERROR_MS : NEWS_MS;
  return state.now - status.at < ttl ? status : undefined;
}
