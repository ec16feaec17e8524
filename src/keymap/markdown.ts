import { KEYMAP, SCOPE_TITLES, type Binding, type Scope } from './keymap.js';

const SCOPES: readonly Scope[] = ['global', 'list', 'alerts', 'incidents', 'silences', 'runbook', 'confirm', 'form'];

function keyText(keys: string[]): string {
  return keys.map((k) => `\`${k === '`' ? '` ` `' : k}\``).join(', ');
}

function flags(b: Binding): string {
  return [b.write ? 'write' : '', b.dangerous ? 'asks to confirm' : ''].filter(Boolean).join(', ');
}

/** The keys section of the docs, generated from the keymap; a test keeps docs/keys.md equal to it. */
export function renderKeysMarkdown(table: readonly Binding[] = KEYMAP): string {
  const out = [
    '# Dashboard keys',
    '',
    '<!-- Generated from src/keymap/keymap.ts by renderKeysMarkdown(); do not edit by hand. -->',
    '',
    'Write keys do nothing in read-only mode (`--readonly` or a read-only context) and say why.',
    '',
  ];
  for (const scope of SCOPES) {
    const rows = table.filter((b) => b.scope === scope);
    if (rows.length === 0) continue;
    out.push(`## ${SCOPE_TITLES[scope]}`, '', '| Keys | Command | What it does | Notes |', '| --- | --- | --- | --- |');
    for (const b of rows) out.push(`| ${keyText(b.keys)} | ${b.command} | ${b.description.replace(/\|/g, '\\|')} | ${flags(b)} |`);
    out.push('');
  }
  return out.join('\n');
}
