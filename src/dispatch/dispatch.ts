/** Key dispatch: a key resolved against the keymap for the current mode, then its command's handler. No Ink here. */
import { disabledReason, resolveKey, type Command, type Scope } from '../keymap/keymap.js';
import type { DashboardState } from '../state/types.js';
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
  const context = (extra: Partial<HandlerContext>): HandlerContext => {
    const c: HandlerContext = {
      deps,
      get: () => store.getState(),
      dispatch: (action) => store.dispatch(action),
      args: [],
      say: (text, tone = 'info', link) => store.dispatch({ type: 'status', text, tone, ...(link ? { link } : {}) }),
      fire: (p) => void p.catch((err: unknown) => c.say(String(err), 'error')),
      run: (command: Command, args: string[] = []) => HANDLERS[command]({ ...c, args }),
      page: () => Math.max(1, deps.pageSize?.() ?? 10),
      ...extra,
    };
    return c;
  };

  return {
    handleKey(key: KeyPress): void {
      const state = store.getState();
      const binding = resolveKey(key, scopesFor(state));
      if (!binding) return;
      const c = context({ binding, key });
      const why = disabledReason(binding, state.context);
      if (why) return c.say(why, 'error');
      HANDLERS[binding.command](c);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
