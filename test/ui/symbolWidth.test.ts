import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { symbolTextWidth } from '../../src/ui/text/symbolWidth.js';

/** Every code point the shortcut accepts, found by asking it. */
function accepted(): number[] {
  const out: number[] = [];
  for (let cp = 0x20; cp <= 0xffff; cp++) if (symbolTextWidth(String.fromCharCode(cp)) !== undefined) out.push(cp);
  return out;
}

describe('symbolTextWidth, the shortcut in front of string-width', () => {
  const codes = accepted();

  it('accepts the characters the dashboard draws with, and not emoji sequences, marks or CJK', () => {
    for (const ch of ['│', '─', '┌', '▁', '█', '●', '○', '▶', '→', '…', '•', 'é', '✓', '✗', '⚠', '±']) expect(symbolTextWidth(ch), ch).toBeDefined();
    for (const text of ['❤️', '👍', 'e\u0301', '漢', 'a\u200db', '\u00ad', 'x\u20e3', '\u2028', '\t']) expect(symbolTextWidth(text), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees with string-width on every accepted character, alone and between others, narrow and wide ambiguity', () => {
    expect(codes.length).toBe(3685);
    const wrong: string[] = [];
    for (const cp of codes) {
      const ch = String.fromCharCode(cp);
      for (const text of [ch, `a${ch}b`, `${ch}${ch}`, `${ch}─`, `⭐${ch}`]) {
        for (const ambiguousIsNarrow of [true, false]) {
          const ours = symbolTextWidth(text, !ambiguousIsNarrow);
          const theirs = stringWidth(text, { ambiguousIsNarrow });
          if (ours !== theirs) wrong.push(`U+${cp.toString(16)} in ${JSON.stringify(text)} (narrow ${ambiguousIsNarrow}): ${ours} vs ${theirs}`);
        }
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
