/**
 * Every key the dashboard answers, in every mode, declared once. This table drives dispatch (the
 * handlers in src/dispatch are keyed by the same commands), the footer hints, the `?` help overlay,
 * docs/keys.md and the README's keys section. Keys avoid ctrl-a/ctrl-b (tmux prefixes) and ctrl-d (vim).
 */
import { MODES } from './modes.js';
import { NORMAL } from './normal.js';
import { RUNBOOK } from './runbook.js';
import { SHEET } from './sheet.js';
import { TYPING, type Binding, type Scope } from './types.js';

export type { Binding, Command, Scope, Word } from './types.js';
export { TYPING } from './types.js';
export { WORDS, wordList } from './words.js';

export const KEYMAP: readonly Binding[] = [...MODES.filter((b) => b.scope === 'always'), ...NORMAL, ...RUNBOOK, ...SHEET, ...MODES.filter((b) => b.scope !== 'always')];

export const SCOPE_TITLES: Record<Scope, string> = {
  always: 'Anywhere',
  global: 'Everywhere',
  list: 'Lists',
  alerts: 'Alerts pane',
  incidents: 'Incidents pane',
  silences: 'Silences view',
  slo: 'SLO strip',
  runbook: 'Runbook pane',
  help: 'Help',
  sheet: 'Report and handover views (:report, :handover)',
  prompt: 'Filter, command and note line',
  edit: 'Typing (the line and the form fields)',
  confirm: 'Confirmation dialog',
  form: 'Silence form',
};

/** The order help and docs list the scopes in. */
export const SCOPE_ORDER: readonly Scope[] = ['always', 'global', 'list', 'alerts', 'incidents', 'silences', 'slo', 'runbook', 'help', 'sheet', 'prompt', 'edit', 'confirm', 'form'];

export interface KeyName {
  name: string;
  /** The printable text of the key, if any: what `char` (typing) matches. */
  text?: string;
}

function typed(key: KeyName): boolean {
  return !!key.text && !key.name.startsWith('ctrl-') && !key.name.startsWith('meta-');
}

/** The first binding for `key` among `scopes`, searched in the order given (most specific first). */
export function resolveKey(key: string | KeyName, scopes: readonly Scope[], table: readonly Binding[] = KEYMAP): Binding | undefined {
  const k = typeof key === 'string' ? { name: key } : key;
  for (const scope of scopes) {
    const inScope = table.filter((b) => b.scope === scope);
    const hit = inScope.find((b) => b.keys.includes(k.name)) ?? (typed(k) ? inScope.find((b) => b.keys.includes(TYPING)) : undefined);
    if (hit) return hit;
  }
  return undefined;
}

export interface Hint {
  key: string;
  label: string;
  /** Kept at every width. */
  pinned: boolean;
}

/** Footer hints for the scopes in play; write commands vanish in read-only mode. */
export function hints(scopes: readonly Scope[], readOnly: boolean, table: readonly Binding[] = KEYMAP): Hint[] {
  return scopes.flatMap((scope) =>
    table.filter((b) => b.scope === scope && b.hint && !(readOnly && b.write)).map((b) => ({ key: b.keys[0]!, label: b.hint!, pinned: !!b.pinned })),
  );
}

/** Why a command cannot run now, or undefined if it can. */
export function disabledReason(binding: Binding, ctx: { readOnly: boolean; readOnlyReason?: string }): string | undefined {
  // Bindings kept out of the footer have no hint: name them by their verb, not the internal `incident.reassign`.
  if (binding.write && ctx.readOnly) return `read-only (${ctx.readOnlyReason ?? 'read-only mode'}): ${binding.hint ?? binding.command.split('.').pop()} is disabled`;
  return undefined;
}
