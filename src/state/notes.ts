import { errorLine } from '../domain/errors.js';
import { newestFirst } from '../domain/notes.js';
import type { EffectDeps } from './effects.js';
import { selectedIncident } from './selectors.js';

/**
 * Reads the selected incident's notes into the details (one request, when they open, not at every
 * cursor move). An answer that comes after the details moved on is dropped.
 */
export async function loadSelectedNotes(deps: Pick<EffectDeps, 'store' | 'pagerduty'>): Promise<void> {
  const { store, pagerduty: pd } = deps;
  const state = store.getState();
  const incident = state.focus === 'incidents' ? selectedIncident(state) : undefined;
  if (!pd || !incident) return;
  const incidentId = incident.id;
  store.dispatch({ type: 'notes', notes: { incidentId, loading: true, notes: [] } });
  const stillWanted = () => store.getState().notes?.incidentId === incidentId;
  try {
    const notes = newestFirst(await pd.notes(incidentId));
    if (stillWanted()) store.dispatch({ type: 'notes', notes: { incidentId, loading: false, notes } });
  } catch (err) {
    if (stillWanted()) store.dispatch({ type: 'notes', notes: { incidentId, loading: false, notes: [], error: errorLine(err) } });
  }
}
