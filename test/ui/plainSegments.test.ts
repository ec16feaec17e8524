import { describe, expect, it } from 'vitest';
import { plainSegments, type Segment } from '../../src/ui/text/plainSegments.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const theirs = (text: string) => Array.from(segmenter.segment(text), ({ segment, index }) => ({ segment, index }));
const ours = (segments: Iterable<Segment>) => Array.from(segments, ({ segment, index }) => ({ segment, index }));

/** Every UTF-16 unit the shortcut accepts, found by asking it. */
function accepted(): string[] {
  const out: string[] = [];
  for (let cu = 0; cu <= 0xffff; cu++) if (plainSegments(String.fromCharCode(cu)) !== undefined) out.push(String.fromCharCode(cu));
  return out;
}

/** A fixed shuffle (xorshift), so a failure names the same string every run. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('plainSegments, the shortcut in front of Intl.Segmenter in Ink’s tokenizer', () => {
  const chars = accepted();

  it('takes dashboard rows (escapes, links, box drawing, glyphs) and leaves out what joins into one cluster', () => {
    const row = '\u001b[7m \u001b[36m▾\u001b[39m critical ×12 \u001b]8;;https://x.example/a\u0007#12\u001b]8;;\u0007 · ● │ ─ … ✓\n';
    expect(plainSegments(row)).toBeDefined();
    for (const text of ['\r\n', 'e\u0301', '👍', '👍🏽', '🇩🇪', '漢', 'a\u200db', '\u1100\u1161', 'x\u20e3', '\u2028']) expect(plainSegments(text), JSON.stringify(text)).toBeUndefined();
  });

  it('cuts as Intl.Segmenter does: every accepted character beside every other, in order, reversed and shuffled', () => {
    expect(chars.length).toBe(3685 + 31 + 1); // the symbols, the C0 controls but CR, and DEL
    const wrong: string[] = [];
    const check = (text: string) => {
      const a = ours(plainSegments(text)!);
      if (JSON.stringify(a) !== JSON.stringify(theirs(text))) wrong.push(JSON.stringify(text).slice(0, 80));
    };
    for (const text of [chars.join(''), [...chars].reverse().join(''), ...[1, 2, 3, 4].map((seed) => shuffled(chars, seed).join(''))]) check(text);
    // Each beside each control character and a few of every kind, both ways round.
    const probes = chars.filter((c) => c < ' ' || c === '\u007f' || ' a~\u00a0\u00e9\u2014\u2026\u2192\u2500\u25cf\u25be\u2713\u2b50'.includes(c));
    for (const c of chars) for (const p of probes) check(`${c}${p}${c}`);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('gives the index of each character, and nothing for empty text', () => {
    expect(ours(plainSegments('a●\u001b')!)).toEqual([
      { segment: 'a', index: 0 },
      { segment: '●', index: 1 },
      { segment: '\u001b', index: 2 },
    ]);
    expect(ours(plainSegments('')!)).toEqual([]);
  });
});
