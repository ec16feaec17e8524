import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { disabledReason, hints, KEYMAP, resolveKey, WORDS } from '../../src/keymap/keymap.js';
import { HANDLERS } from '../../src/dispatch/handlers.js';
import { renderKeysMarkdown } from '../../src/keymap/markdown.js';

const DOC = new URL('../../docs/keys.md', import.meta.url);

describe('keymap', () => {
  it('docs/keys.md is the generated one (regenerate: UPDATE_KEYS_DOC=1 npx vitest run test/keymap)', async () => {
    const generated = renderKeysMarkdown();
    if (process.env.UPDATE_KEYS_DOC) await writeFile(DOC, generated);
    expect(await readFile(DOC, 'utf8')).toBe(generated);
  });

  it('has a handler for every binding and word, and a binding or word for every handler', () => {
    const declared = new Set<string>([...KEYMAP.map((b) => b.command), ...WORDS.map((w) => w.command)]);
    const handled = new Set(Object.keys(HANDLERS));
    expect([...declared].filter((c) => !handled.has(c)), 'bound but not handled').toEqual([]);
    expect([...handled].filter((c) => !declared.has(c)), 'handled but bound to nothing').toEqual([]);
  });

  it('never gives one command word two meanings', () => {
    const words = WORDS.flatMap((w) => w.words);
    expect(new Set(words).size).toBe(words.length);
  });

  it('binds nothing to tmux prefixes or vim half-page keys', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    for (const bad of ['ctrl-a', 'ctrl-b', 'ctrl-d']) expect(keys).not.toContain(bad);
  });

  it('never binds one key twice in a scope', () => {
    const seen = new Set<string>();
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        const id = `${b.scope}:${k}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });

  it('resolves the most specific scope first', () => {
    expect(resolveKey('enter', ['confirm', 'global'])?.command).toBe('confirm.accept');
    expect(resolveKey('enter', ['incidents', 'list', 'global'])?.command).toBe('details');
    expect(resolveKey('a', ['incidents', 'list', 'global'])?.command).toBe('incident.ack');
    expect(resolveKey('a', ['alerts', 'list', 'global'])?.command).toBe('alert.ack');
    expect(resolveKey('a', ['silences', 'list', 'global'])).toBeUndefined();
    expect(resolveKey('j', ['alerts', 'list', 'global'])?.command).toBe('down');
  });

  it('hides write commands from hints in read-only mode and says why when pressed', () => {
    expect(hints(['incidents'], false).map((h) => h.label)).toEqual(['ack', 'resolve', 'note']);
    expect(hints(['incidents'], true)).toEqual([]);
    const ack = resolveKey('a', ['incidents'])!;
    expect(disabledReason(ack, { readOnly: true, readOnlyReason: 'context prod is read-only' })).toContain('context prod is read-only');
    expect(disabledReason(ack, { readOnly: false })).toBeUndefined();
  });

  it('every destructive command is a write that asks to confirm', () => {
    const dangerous = KEYMAP.filter((b) => b.dangerous).map((b) => b.command);
    expect(dangerous).toEqual(['incident.resolve', 'incident.merge', 'silence.expire']);
    expect(KEYMAP.filter((b) => b.dangerous).every((b) => b.write)).toBe(true);
  });
});
