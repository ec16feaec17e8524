import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/domain/config.js';
import { exitCodeTable } from '../src/domain/exit.js';
import { parseSloConfig } from '../src/domain/slo/config.js';
import { renderKeysMarkdown } from '../src/keymap/markdown.js';
import { useDemoCli } from './demo/helpers/demoCli.js';

/** The README promises: the keys section is generated, the example config is valid, every command runs. */
const README = new URL('../README.md', import.meta.url);

function section(text: string, name: string): string {
  const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(text);
  if (!m) throw new Error(`README has no ${name} section`);
  return m[1]!;
}

/** The keys table for the README: the generated doc, its headings one level down. */
export function keysSection(): string {
  return `${renderKeysMarkdown().split('\n').slice(1).join('\n').replace(/^## /gm, '### ').trim()}\n`;
}

/** Splits a README shell line like a shell would for our examples: double quotes, trailing # comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quoted = false;
  let inWord = false;
  for (const ch of line) {
    if (ch === '"') { quoted = !quoted; inWord = true; continue; }
    if (!quoted && ch === '#' && !inWord) break;
    if (!quoted && /\s/.test(ch)) { if (inWord) words.push(cur); cur = ''; inWord = false; continue; }
    cur += ch;
    inWord = true;
  }
  if (inWord) words.push(cur);
  return words;
}

describe('README', () => {
  it('has the exit-code table that --help prints', async () => {
    expect(section(await readFile(README, 'utf8'), 'exit-codes')).toBe(`\`\`\`text\n${exitCodeTable()}\n\`\`\`\n`);
  });

  it('has the keys section generated from the keymap (regenerate: UPDATE_README=1 npx vitest run test/readme.test.ts)', async () => {
    const text = await readFile(README, 'utf8');
    const want = keysSection();
    if (process.env.UPDATE_README === '1') {
      // Replace the whole span between the markers: an empty section must not match at the file's start.
      await writeFile(README, text.replace(/(<!-- keys:start -->\n)[\s\S]*?(<!-- keys:end -->)/, (_m, start: string, end: string) => `${start}${want}${end}`));
      return;
    }
    expect(section(text, 'keys')).toBe(want);
  });

  it('shows an example config that is valid and reproduces the SLA table', async () => {
    const json = section(await readFile(README, 'utf8'), 'example-config').replace(/^```json\n|```\n?$/gm, '');
    const { config } = validateConfig(JSON.parse(json));
    const slos = parseSloConfig(config.contexts!.prod!.slos ?? []);
    expect(slos.map((s) => [s.name, s.objective])).toEqual([
      ['Website availability', 0.999],
      ['API availability', 0.9995],
      ['Transaction success', 0.998],
      ['Order processing', 0.95],
      ['Search', 0.95],
      ['Checkout completion', 0.85],
    ]);
    expect(slos.every((s) => s.critical !== undefined)).toBe(true);
  });

  describe('every headless command in it runs against the demo stack', () => {
    const oncall = useDemoCli({ user: 'readme', columns: 120 });

    it('runs each line', async () => {
      const block = section(await readFile(README, 'utf8'), 'commands');
      const lines = block.split('\n').filter((l) => l.startsWith('oncall '));
      expect(lines.length).toBeGreaterThan(10);
      const silence = await oncall(['silence', 'add', 'alertname=ReadmeExample', '--comment', 'readme test']);
      const silenceId = silence.out.trim();
      const incidents = JSON.parse((await oncall(['incidents', '--status', 'triggered', '-o', 'json'])).out) as Array<{ id: string }>;
      const incidentId = incidents[0]!.id;
      for (const line of lines) {
        const argv = shellWords(line.replaceAll('SILENCE_ID', silenceId).replaceAll('INCIDENT_ID', incidentId)).slice(1);
        const r = await oncall(argv);
        // status and slo exit 3 on the demo's breached SLO (domain/exit.ts).
        const ok = argv[0] === 'status' || argv[0] === 'slo' ? [0, 3] : [0];
        expect(ok, `${line}\n${r.err}`).toContain(r.code);
      }
    });
  });
});
