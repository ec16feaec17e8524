/** Key dispatch: a key resolved against the keymap for the current mode, then its command's handler. No Ink here. */
import { disabledReason, resolveKey, type Command, type Scope } from '../keymap/keymap.js';
import type { DashboardState } from '../state/types.js';
import { memberOf } from '../state/fleet.js';
import { actingContext } from './acting.js';
import { HANDLERS } from './handlers.js';
import type { DispatchDeps, HandlerContext, KeyPress } from './types.js';

export type { DispatchDeps, KeyPress } from './types.js';

/** The keymap scopes a key is looked up in, most specific first. */
export function scopesFor(state: DashboardState): Scope[] {
  switch (state.mode) {
    case 'help':
      return ['always', 'help'];
    case 'sheet':
      return ['always', 'sheet'];
    case 'filter':
    case 'command':
    case 'note':
    case 'ask':
      return ['always', 'prompt', 'edit'];
    case 'confirm':
      return ['always', 'confirm'];
    case 'silenceForm':
      return ['always', 'form', 'edit'];
    case 'normal':
      // The runbook pane takes the list keys (j/k move between steps, space marks a step done).
      if (state.runbook.focused) return ['always', 'runbook', 'global'];
      return ['always', state.focus, 'list', 'global'];
  }
}

/** Turns key presses into actions and effects. Effects are not awaited: keys keep answering. */
export function createDispatcher(deps: DispatchDeps) {
  const { store } = deps;
  /** Effects fired and not yet settled (see `settled`). */
  const running = new Set<Promise<unknown>>();
  const context = (extra: Partial<HandlerContext>, acting: DispatchDeps = deps): HandlerContext => {
    const c: HandlerContext = {
      deps: acting,
      get: () => store.getState(),
      dispatch: (action) => store.dispatch(action),
      args: [],
      say: (text, tone = 'info', link) => store.dispatch({ type: 'status', text, tone, ...(link ? { link } : {}) }),
      fire: (p) => {
        const done = p.catch((err: unknown) => c.say(String(err), 'error')).finally(() => running.delete(done));
        running.add(done);
      },
      run: (command: Command, args: string[] = []) => HANDLERS[command]({ ...c, args }),
      page: () => Math.max(1, deps.pageSize?.() ?? 10),
      ...extra,
    };
    return c;
  };

  return {
    /** Resolves once every effect the keys fired has settled, including those fired meanwhile (for tests). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    handleKey(key: KeyPress): void {
      const state = store.getState();
      const binding = resolveKey(key, scopesFor(state));
      if (!binding) return;
      // With several contexts the key acts with the clients and read-only setting of its rows' context.
      const acting = actingContext(state, binding.command);
      const own = acting.name !== undefined ? deps.contexts?.[acting.name] : undefined;
      const c = context({ binding, key, ...(own ? { acting: acting.name } : {}) }, own ? { ...deps, ...own } : deps);
      if (acting.error && binding.write) return c.say(acting.error, 'error');
      const why = disabledReason(binding, memberOf(state, acting.name) ?? state.context);
      if (why) return c.say(why, 'error');
      HANDLERS[binding.command](c);
      // A dialog it opened acts on the same context when it is answered.
      const after = store.getState();
      if (state.fleet && (state.mode === 'normal' || state.mode === 'command') && after.mode !== 'normal' && after.mode !== 'help') {
        store.dispatch({ type: 'acting', name: acting.name });
      }
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
