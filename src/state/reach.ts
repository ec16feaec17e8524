import type { DashboardState, SourceName } from './types.js';

/** Whether a source has ever answered: a poll that came back, or data from it (the SLO figures come before their poll ends). */
function answered(state: DashboardState, source: SourceName): boolean {
  if (state.sources[source].lastOkAt !== undefined) return true;
  if (source === 'alertmanager') return state.alerts.length > 0 || state.silences.length > 0;
  if (source === 'pagerduty') return state.incidents.length > 0 || state.oncalls.length > 0;
  return state.slos.length > 0 || state.sloSkipped.length > 0;
}

/**
 * What a pane shows instead of its empty list while its source has never answered: an empty list
 * then is not a fact ("0 firing" would be a claim nobody checked). Undefined once it has answered
 * (later failures keep the last data, marked stale) or when the source is not configured.
 */
export function unreachedText(state: DashboardState, source: SourceName): string | undefined {
  const h = state.sources[source];
  if (h.status === 'off' || answered(state, source)) return undefined;
  if (h.status !== 'failing') return 'unknown: not reached yet';
  // The error line starts with the source's name; say it once.
  const error = (h.lastError ?? 'no answer').replace(new RegExp(`^${source}: `), '');
  return `unknown: ${source} failing: ${error}`;
}
