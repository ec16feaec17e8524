import type { Action } from './actions.js';
import { reducer } from './reducer.js';
import type { DashboardState } from './types.js';

/** A tiny store outside React: pollers and effects dispatch; the UI subscribes in one place. */
export interface Store {
  getState(): DashboardState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: DashboardState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      // Unchanged state notifies nobody, so an identical poll answer costs no frame.
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
