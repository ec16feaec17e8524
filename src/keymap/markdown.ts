import { KEYMAP, SCOPE_ORDER, SCOPE_TITLES, TYPING, WORDS, type Binding, type Word } from './keymap.js';

/** How a key reads in help and docs: `char` is any typed character. */
export function keyLabel(key: string): string {
  return key === TYPING ? 'any character' : key;
}

function keyText(keys: string[]): string {
  return keys.map((k) => (k === TYPING ? keyLabel(k) : `\`${k === '`' ? '` ` `' : k}\``)).join(', ');
}

function flags(b: Binding): string {
  return [b.write ? 'write' : '', b.dangerous ? 'asks to confirm' : ''].filter(Boolean).join(', ');
}

/** A command word as typed: `:ctx NAME`. */
export function wordText(w: Word, word: string = w.words[0]!): string {
  return `:${word}${w.args ? ` ${w.args}` : ''}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The keys section of the docs, generated from the keymap; a test keeps docs/keys.md equal to it. */
export function renderKeysMarkdown(table: readonly Binding[] = KEYMAP, words: readonly Word[] = WORDS): string {
  const out = [
    '# Dashboard keys',
    '',
    '<!-- Generated from src/keymap/ by renderKeysMarkdown(); do not edit by hand. -->',
    '',
    'Write keys do nothing in read-only mode (`--readonly` or a read-only context) and say why.',
    '',
  ];
  for (const scope of SCOPE_ORDER) {
    const rows = table.filter((b) => b.scope === scope);
    if (rows.length === 0) continue;
    out.push(`## ${SCOPE_TITLES[scope]}`, '', '| Keys | Command | What it does | Notes |', '| --- | --- | --- | --- |');
    for (const b of rows) out.push(`| ${keyText(b.keys)} | ${b.command} | ${cell(b.description)} | ${flags(b)} |`);
    out.push('');
  }
  out.push('## Command words', '', 'Typed after `:`, then `enter`.', '', '| Words | Command | What it does |', '| --- | --- | --- |');
  for (const w of words) out.push(`| ${w.words.map((word) => `\`${wordText(w, word)}\``).join(', ')} | ${w.command} | ${cell(w.description)} |`);
  out.push('');
  return out.join('\n');
}
