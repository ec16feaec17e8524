import type { Command } from '../keymap/keymap.js';
import { selectedIncident, selectedSlo, targetAlerts, targetIncidents, targetSilences } from '../state/selectors.js';
import type { DashboardState } from '../state/types.js';

/**
 * With several contexts, which one a key acts on: the context of the rows it targets (the marked
 * rows, else the selected one); in a dialog, the one it was opened for; for undo, the context of the
 * silence it expires. Rows of two contexts at once are refused: one write goes to one context.
 */
export function actingContext(state: DashboardState, command: Command): { name?: string; error?: string } {
  if (!state.fleet) return {};
  if (command === 'undo') return { name: state.lastSilence?.context };
  if (state.mode !== 'normal' && state.mode !== 'command') return { name: state.acting };
  // A merge writes into the selected incident as well as the marked ones.
  const names = [...new Set([...rowContexts(state), ...(command === 'incident.merge' ? [selectedIncident(state)?.context] : [])])];
  if (names.length > 1) return { error: `the marked rows are from ${names.join(' and ')}: act on one context at a time (@context=NAME filters)` };
  return { name: names[0] };
}

function rowContexts(state: DashboardState): Array<string | undefined> {
  switch (state.focus) {
    case 'alerts':
      return targetAlerts(state).map((a) => a.context);
    case 'incidents':
      return targetIncidents(state).map((i) => i.context);
    case 'silences':
      return targetSilences(state).map((s) => s.context);
    case 'slo':
      return [selectedSlo(state)?.context];
  }
}
