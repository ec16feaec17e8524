import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as published from '@alcalzone/ansi-tokenize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { bundle } from '../../scripts/build-bundle.mjs';

/**
 * The shipped builds edit Ink's tokenizer (@alcalzone/ansi-tokenize, see ansiTokenizeFastPath in
 * scripts/build-bundle.mjs). Built with those edits, it must give what the package as published gives,
 * for lines such as the dashboard draws and for lines the shortcut leaves to Intl.Segmenter.
 */
type Tokenizer = typeof published;
const repo = resolve(import.meta.dirname, '../..');
let dir: string;
let edited: Tokenizer;

beforeAll(async () => {
  await mkdir(join(repo, '.tmp'), { recursive: true });
  // Inside the repository, so that the entry resolves the package from its node_modules.
  dir = await mkdtemp(join(repo, '.tmp/ansi-tokenize-'));
  const entry = join(dir, 'entry.mjs');
  await writeFile(entry, "export { tokenize, styledCharsFromTokens, styledCharsToString } from '@alcalzone/ansi-tokenize';\n");
  await bundle({ entry, outfile: join(dir, 'edited.mjs') });
  edited = (await import(pathToFileURL(join(dir, 'edited.mjs')).href)) as Tokenizer;
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SGR = ['\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[2m', '\u001b[22m', '\u001b[7m', '\u001b[27m', '\u001b[0m', '\u001b[38;5;208m', '\u001b[38;2;1;2;3m', '\u001b[1;31m', '\u001b[49m', '\u001b[44m', '\u001b[4m', '\u001b[24m'];
const LINKS = ['\u001b]8;;https://runbooks.example.com/a\u0007', '\u001b]8;;\u0007'];
const PLAIN = ['critical', ' ', '▾', '●', '·', '×12', '│', '─', '…', '✓', '→', '█▇▆', '#123 TRIG', 'é', '±'];
const JOINED = ['e\u0301', '👍🏽', '🇩🇪', '漢字', '\r\n', 'a\u200db', '⭐'];

/** Lines made of those pieces, from a fixed seed: with and without pieces the shortcut leaves out. */
function lines(count: number, withJoined: boolean): string[] {
  let s = 0x2545f491;
  const next = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const kinds = withJoined ? [SGR, LINKS, PLAIN, PLAIN, JOINED] : [SGR, LINKS, PLAIN, PLAIN];
  return Array.from({ length: count }, () => {
    let line = '';
    for (let k = 0, n = 1 + next(40); k < n; k++) {
      const kind = kinds[next(kinds.length)]!;
      line += kind[next(kind.length)];
    }
    return line;
  });
}

describe('Ink’s tokenizer as the bundles build it', () => {
  it('gives the tokens, styled characters and text the published package gives', () => {
    const row = '\u001b[7m \u001b[36m \u001b[39m\u001b[35mctx-3 \u001b[39m\u001b[31m▾ critical \u001b[39m  ×12 \u001b[1mBench17 · svc-12\u001b[22m\u001b[36m  #123 TRIG\u001b[39m   \u001b[27m';
    for (const line of [row, '', ...lines(2000, false), ...lines(2000, true)]) {
      const tokens = edited.tokenize(line);
      expect(tokens, JSON.stringify(line)).toEqual(published.tokenize(line));
      const chars = edited.styledCharsFromTokens(tokens);
      expect(chars, JSON.stringify(line)).toEqual(published.styledCharsFromTokens(published.tokenize(line)));
      expect(edited.styledCharsToString(chars), JSON.stringify(line)).toBe(published.styledCharsToString(published.styledCharsFromTokens(published.tokenize(line))));
    }
  });

  it('stops where the caller asks, as the package does', () => {
    for (const line of lines(300, true)) for (const end of [1, 5, 20]) expect(edited.tokenize(line, end)).toEqual(published.tokenize(line, end));
  });
});
