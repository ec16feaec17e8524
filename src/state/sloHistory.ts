import { errorLine } from '../domain/errors.js';
import { ownSloId } from './fleet.js';
import type { SloSource } from './ports.js';
import { selectedSlo } from './selectors.js';
import type { Store } from './store.js';

/** What the SLO details look back over: the SLA guide's month, as `oncall slo --history 30d`. */
export const SLO_HISTORY_MS = 30 * 86_400_000;

/**
 * Reads the selected SLO's history into its details: two range queries when the details open, never at
 * each poll or cursor move. An answer that comes after the details moved on is dropped.
 */
export async function loadSelectedSloHistory(deps: { store: Store; slos?: SloSource }): Promise<void> {
  const { store, slos } = deps;
  const state = store.getState();
  const slo = state.focus === 'slo' ? selectedSlo(state) : undefined;
  if (!slos?.history || !slo) return;
  const base = { sloId: slo.id, rangeMs: SLO_HISTORY_MS };
  store.dispatch({ type: 'sloHistory', sloHistory: { ...base, loading: true } });
  const stillWanted = () => store.getState().sloHistory?.sloId === slo.id;
  try {
    // Over several contexts `slos` is the SLO's own context's (the dispatcher picks it), which knows it by its own id.
    const history = await slos.history(ownSloId(slo), SLO_HISTORY_MS);
    if (stillWanted()) store.dispatch({ type: 'sloHistory', sloHistory: { ...base, loading: false, history } });
  } catch (err) {
    if (stillWanted()) store.dispatch({ type: 'sloHistory', sloHistory: { ...base, loading: false, error: errorLine(err) } });
  }
}
