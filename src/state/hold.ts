import type { Action } from './actions.js';
import { realTimers, type Timers } from './poller.js';
import type { Store } from './store.js';

/** Answers whose applying is the heavy work of a poll: lists grouped, joined and made into rows again. */
const HELD: ReadonlySet<Action['type']> = new Set(['alertsLoaded', 'incidentsLoaded', 'routesLoaded']);
/**
 * What else pollers say: queued behind a held answer, never ahead of it, so "ok 0s" is not shown over
 * the old list (nor "no firing alerts" before the first), and the ack-silence watcher, which runs on
 * PagerDuty's lastOkAt, reads the incidents that answer brought.
 */
const POLL_STATUS: ReadonlySet<Action['type']> = new Set(['pollStarted', 'pollOk', 'pollFailed', 'peers', 'slosLoaded']);
/** What a write brings back: answers held from before it are applied first, so they come in the order they came. */
const AFTER_HELD: ReadonlySet<Action['type']> = new Set(['incidentsChanged', 'silenceCreated', 'silenceExpired', 'silenceExtended', 'lastSilenceCleared']);

export const QUIET_MS = 300;
export const MAX_HOLD_MS = 5000;

export interface HoldingStore extends Store {
  /** A key was pressed: answers that come within QUIET_MS of it wait. */
  keyPressed(): void;
  /** The session ended: what waits is dropped, and nothing is applied after. */
  stop(): void;
  /**
   * Resolves once no key has come for QUIET_MS (at once when none has), or MAX_HOLD_MS after it was
   * asked, or when the session ends: the pollers parse an answer after it, not while keys come.
   */
  quiet(): Promise<void>;
}

const keyOf = (a: Action) => `${a.type}\u0000${'context' in a ? (a.context ?? '') : ''}`;

/**
 * Poll answers wait while the user is pressing keys. Applying one context's 10,000 changed alerts
 * takes 200-450 ms of the one thread (8 contexts of 10,000 each, `npm run bench -- scale`), and a key
 * pressed meanwhile waits for all of it: a filter typed while answers land stuttered. An answer that
 * comes within QUIET_MS of a key is held, the newest of each kind and context replacing an older
 * one, and applied once no key has come for QUIET_MS, or MAX_HOLD_MS after the first was held
 * (a key held down does not freeze the data; 5 s, since a filter of twenty keys typed at a person's
 * pace takes three or four, and a flush in its middle is the stall this avoids). The list also
 * stays put under a moving cursor. The first answer of each kind and context is never held: there is
 * nothing on screen yet to move.
 */
export function holdWhileTyping(store: Store, opts: { timers?: Timers; clock?: () => number; quietMs?: number; maxHoldMs?: number } = {}): HoldingStore {
  const timers = opts.timers ?? realTimers;
  const clock = opts.clock ?? (() => performance.now());
  const quietMs = opts.quietMs ?? QUIET_MS;
  const maxHoldMs = opts.maxHoldMs ?? MAX_HOLD_MS;
  /** In the order they came: held answers and the poll status behind them. */
  let queue: Action[] = [];
  const shown = new Set<string>();
  let lastKey = Number.NEGATIVE_INFINITY;
  let heldSince = 0;
  let timer: unknown;
  let stopped = false;
  /** quiet()'s callers still waiting, let go when the session ends. */
  const waiters = new Set<() => void>();

  const apply = (a: Action) => {
    if (HELD.has(a.type)) shown.add(keyOf(a));
    store.dispatch(a);
  };
  const disarm = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const flush = () => {
    disarm();
    const waiting = queue;
    queue = [];
    for (const a of waiting) apply(a);
  };
  const due = () => Math.min(lastKey + quietMs, heldSince + maxHoldMs);
  const arm = () => {
    disarm();
    timer = timers.setTimeout(() => {
      timer = undefined;
      if (clock() >= due()) flush();
      else arm();
    }, Math.max(0, due() - clock()));
  };

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    dispatch(action) {
      if (stopped) return;
      const waiting = queue.length > 0;
      const key = HELD.has(action.type) ? keyOf(action) : undefined;
      if (key !== undefined && shown.has(key) && (waiting || clock() - lastKey < quietMs)) {
        if (!waiting) heldSince = clock();
        // The newest answer of its kind replaces an older one, at the end: applied after what came before it.
        queue = queue.filter((a) => !HELD.has(a.type) || keyOf(a) !== key);
        queue.push(action);
        arm();
        return;
      }
      if (waiting && POLL_STATUS.has(action.type)) {
        queue.push(action);
        return;
      }
      if (waiting && AFTER_HELD.has(action.type)) flush();
      apply(action);
    },
    keyPressed() {
      lastKey = clock();
      if (queue.length > 0) arm();
    },
    stop() {
      stopped = true;
      disarm();
      queue = [];
      for (const resolve of waiters) resolve();
      waiters.clear();
    },
    quiet() {
      const asked = clock();
      const calm = () => stopped || clock() - lastKey >= quietMs || clock() - asked >= maxHoldMs;
      if (calm()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.add(resolve);
        const check = () => {
          if (!calm()) return void timers.setTimeout(check, Math.max(1, Math.min(lastKey + quietMs, asked + maxHoldMs) - clock()));
          waiters.delete(resolve);
          resolve();
        };
        check();
      });
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
