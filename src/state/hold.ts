import type { Action } from './actions.js';
import { realTimers, type Timers } from './poller.js';
import type { Store } from './store.js';

/** Answers whose applying is the heavy work of a poll: lists grouped, joined and made into rows again. */
const HELD: ReadonlySet<Action['type']> = new Set(['alertsLoaded', 'incidentsLoaded', 'routesLoaded']);
/** What a write brings back: answers held from before it are applied first, so they come in the order they came. */
const AFTER_HELD: ReadonlySet<Action['type']> = new Set(['incidentsChanged', 'silenceCreated', 'silenceExpired', 'silenceExtended', 'lastSilenceCleared']);

export const QUIET_MS = 300;
export const MAX_HOLD_MS = 5000;

export interface HoldingStore extends Store {
  /** A key was pressed: answers that come within QUIET_MS of it wait. */
  keyPressed(): void;
  stop(): void;
}

/**
 * Poll answers wait while the user is pressing keys. Applying one context's 10,000 changed alerts
 * takes 200-450 ms of the one thread (8 contexts of 10,000 each, `npm run bench -- scale`), and a key
 * pressed meanwhile waits for all of it: a filter typed while answers land stuttered. An answer that
 * comes within QUIET_MS of a key is held, the newest of each kind and context replacing an older
 * one, and applied once no key has come for QUIET_MS, or MAX_HOLD_MS after the first was held
 * (a key held down does not freeze the data; 5 s, since a filter of twenty keys typed at a person's
 * pace takes three or four, and a flush in its middle is the stall this avoids). The list also
 * stays put under a moving cursor.
 */
export function holdWhileTyping(store: Store, opts: { timers?: Timers; clock?: () => number; quietMs?: number; maxHoldMs?: number } = {}): HoldingStore {
  const timers = opts.timers ?? realTimers;
  const clock = opts.clock ?? (() => performance.now());
  const quietMs = opts.quietMs ?? QUIET_MS;
  const maxHoldMs = opts.maxHoldMs ?? MAX_HOLD_MS;
  const held = new Map<string, Action>();
  let lastKey = Number.NEGATIVE_INFINITY;
  let heldSince = 0;
  let timer: unknown;

  const flush = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    const answers = [...held.values()];
    held.clear();
    for (const a of answers) store.dispatch(a);
  };
  const arm = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    const due = Math.min(lastKey + quietMs, heldSince + maxHoldMs);
    timer = timers.setTimeout(() => {
      timer = undefined;
      if (clock() >= Math.min(lastKey + quietMs, heldSince + maxHoldMs)) flush();
      else arm();
    }, Math.max(0, due - clock()));
  };

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    dispatch(action) {
      if (HELD.has(action.type) && (held.size > 0 || clock() - lastKey < quietMs)) {
        if (held.size === 0) heldSince = clock();
        const key = `${action.type}\u0000${'context' in action ? (action.context ?? '') : ''}`;
        held.delete(key); // to the end: applied in the order the newest answers came
        held.set(key, action);
        arm();
        return;
      }
      if (AFTER_HELD.has(action.type) && held.size > 0) flush();
      store.dispatch(action);
    },
    keyPressed() {
      lastKey = clock();
      if (held.size > 0) arm();
    },
    stop() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      held.clear();
    },
  };
}

/** The dispatcher whose every key tells `answers` that the user is pressing keys. */
export function noticingKeys<K, D extends { handleKey(key: K): void }>(dispatcher: D, answers: HoldingStore): D {
  return {
    ...dispatcher,
    handleKey: (key: K) => {
      answers.keyPressed();
      dispatcher.handleKey(key);
    },
  };
}
