import { WORDS, wordList } from '../keymap/keymap.js';
import type { Pane } from '../state/types.js';
import { askTake } from '../state/flowEffects.js';
import { openSheet } from '../state/sheets.js';
import type { HandlerContext, HandlerPart } from './types.js';

/** Handlers for the `:` words of src/keymap/words.ts that no key has (`:q` and `:help` share the keys' handlers). */

const show = (pane: Pane) => (c: HandlerContext) => c.dispatch({ type: 'focus', pane });

export const WORD_HANDLERS = {
  'show.alerts': show('alerts'),
  'show.incidents': show('incidents'),
  'show.silences': show('silences'),
  'show.slo': show('slo'),
  'show.report': (c) => c.fire(openSheet(c.deps.store, c.deps.reports, 'report', c.args[0])),
  'show.handover': (c) => c.fire(openSheet(c.deps.store, c.deps.reports, 'handover', c.args[0])),
  context: (c) => {
    const name = c.args[0];
    if (!name) return c.say(`context: ${c.get().context.name} (:ctx NAME switches)`);
    if (c.deps.switchContext) return c.deps.switchContext(name);
    c.say('switching context is not available here: restart with --context NAME', 'error');
  },
  take: (c) => {
    const ctx = c.get().context;
    if (ctx.readOnly) return c.say(`read-only: take is disabled (${ctx.readOnlyReason ?? 'read-only mode'})`, 'error');
    if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
    c.fire(askTake(c.deps, c.args.join(' ') || undefined));
  },
  'pause.on': (c) => c.deps.setPaused(true),
  'pause.off': (c) => c.deps.setPaused(false),
} satisfies HandlerPart;

/** Runs a line typed after `:`: its first word picks the command, the rest are its arguments. */
export function runWords(c: HandlerContext, line: string): void {
  const [word = '', ...args] = line.trim().replace(/^:/, '').split(/\s+/);
  if (word === '') return;
  const hit = WORDS.find((w) => w.words.includes(word));
  if (!hit) return c.say(`unknown command ":${word}" — try ${wordList()}`, 'error');
  c.run(hit.command, args);
}
