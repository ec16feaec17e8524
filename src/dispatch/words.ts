import { WORDS, wordList } from '../keymap/keymap.js';
import type { Pane } from '../state/types.js';
import { memberOf } from '../state/fleet.js';
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
    const s = c.get();
    const wanted = c.args.join(' ') || undefined;
    if (!s.fleet) {
      if (s.context.readOnly) return c.say(`read-only: take is disabled (${s.context.readOnlyReason ?? 'read-only mode'})`, 'error');
      if (!c.deps.pagerduty) return c.say('PagerDuty is not configured for this context', 'error');
      return c.fire(askTake(c.deps, wanted));
    }
    // Several contexts: the selected row's context, else the first listed writable one with PagerDuty.
    const withPagerDuty = s.fleet.filter((m) => c.deps.contexts?.[m.name]?.pagerduty);
    const name = c.acting ?? withPagerDuty.find((m) => !m.readOnly)?.name;
    if (name === undefined) {
      return c.say(withPagerDuty.length ? 'read-only: take is disabled (every context with PagerDuty is read-only)' : 'PagerDuty is not configured for these contexts', 'error');
    }
    const member = memberOf(s, name);
    if (member?.readOnly) return c.say(`read-only: take is disabled (${member.readOnlyReason ?? 'read-only mode'})`, 'error');
    const deps = { ...c.deps, ...c.deps.contexts?.[name] };
    if (!deps.pagerduty) return c.say(`PagerDuty is not configured for ${name}`, 'error');
    c.fire(askTake(deps, wanted));
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
