import { startPollers, type PollerControl, type PollerDeps } from './pollers.js';
import type { Store } from './store.js';

/**
 * Every context's pollers at once, into one store: each context polls its own sources on its own
 * schedule and its answers carry its name (merged by fleet.ts). A context sharing another's PagerDuty
 * account is given no PagerDuty source here: the account is polled once.
 */
export function startFleetPollers(store: Store, contexts: Array<PollerDeps & { context: string }>): PollerControl {
  const controls = contexts.map((c) => startPollers(store, c));
  return {
    pollers: controls[0]?.pollers ?? {},
    refreshNow: () => controls.forEach((c) => c.refreshNow()),
    refresh: (source) => controls.forEach((c) => c.refresh(source)),
    setPaused: (paused) => controls.forEach((c) => c.setPaused(paused)),
    stop: () => controls.forEach((c) => c.stop()),
  };
}
