import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { bundle } from '../../scripts/build-bundle.mjs';
import { heapAfterGc } from '../helpers/heap.js';

/**
 * Ink 6.8 caches the size and the wrapped form of every text it lays out and never empties those
 * caches: a dashboard whose rows show ages and countdowns grows for as long as it runs. The shipped
 * builds bound them (inkTextCaches in scripts/build-bundle.mjs). Built with those edits, measuring and
 * wrapping must give what the published files give, and a shift of changing rows must not stay in memory.
 */
type Measure = (text: string) => { width: number; height: number };
type Wrap = (text: string, maxWidth: number, wrapType: string) => string;
const repo = resolve(import.meta.dirname, '../..');
const inkBuild = join(repo, 'node_modules/ink/build');
let dir: string;
let edited: { measureText: Measure; wrapText: Wrap };
let published: { measureText: Measure; wrapText: Wrap };

beforeAll(async () => {
  await mkdir(join(repo, '.tmp'), { recursive: true });
  dir = await mkdtemp(join(repo, '.tmp/ink-text-caches-'));
  const entry = join(dir, 'entry.mjs');
  await writeFile(
    entry,
    `export { default as measureText } from ${JSON.stringify(join(inkBuild, 'measure-text.js'))};\n` +
      `export { default as wrapText } from ${JSON.stringify(join(inkBuild, 'wrap-text.js'))};\n`,
  );
  await bundle({ entry, outfile: join(dir, 'edited.mjs') });
  edited = await import(pathToFileURL(join(dir, 'edited.mjs')).href);
  published = {
    measureText: (await import(pathToFileURL(join(inkBuild, 'measure-text.js')).href)).default,
    wrapText: (await import(pathToFileURL(join(inkBuild, 'wrap-text.js')).href)).default,
  };
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A row as the incidents list draws it, its age and countdown at second `s` of a shift. */
function row(s: number): string {
  const age = s < 60 ? `${s}s` : `${Math.floor(s / 60)}m`;
  const left = 3600 * 4 - s;
  return `  #${1000 + (s % 7)}   \u001b[31mTRIG\u001b[39m H P1  ${age.padStart(4)}  ack in ${Math.floor(left / 3600)}h${Math.floor((left % 3600) / 60)}m${String(left % 60).padStart(2, '0')}s  checkout-api 5xx above 2% for 10 minutes on every zone · svc-${s % 13}`;
}

describe('Ink’s text measuring and wrapping as the bundles build them', () => {
  it('give what the published files give', () => {
    const texts = ['', 'x', 'critical', 'two\nlines', '漢字 wide', '\u001b[1mbold\u001b[22m and plain', row(5), row(4000), `${row(9)}\n${row(10)}`];
    for (const text of texts) {
      expect(edited.measureText(text)).toEqual(published.measureText(text));
      for (const width of [1, 8, 40, 200])
        for (const wrap of ['wrap', 'truncate', 'truncate-middle', 'truncate-start', 'end'])
          expect(edited.wrapText(text, width, wrap)).toBe(published.wrapText(text, width, wrap));
    }
  });

  it('do not keep every row of a shift: 40,000 changing rows leave under 3 MB behind', () => {
    const lay = (m: Measure, w: Wrap, from: number) => {
      for (let s = from; s < from + 40_000; s++) {
        const text = row(s);
        m(text);
        m(w(text, 200, 'truncate'));
      }
    };
    // Warm both code paths first so that compiled code is not counted as rows kept.
    lay(edited.measureText, edited.wrapText, 100_000);
    const before = heapAfterGc();
    lay(edited.measureText, edited.wrapText, 0);
    const kept = heapAfterGc() - before;
    expect(kept / 1e6).toBeLessThan(3);
  });
});
