/**
 * The grapheme clusters of text in which every UTF-16 unit is a cluster of its own: ASCII, C0 control
 * characters but CR (an ANSI escape starts with ESC, a link ends with BEL) and the symbols of
 * symbolWidth.ts. Ink's tokenizer (@alcalzone/ansi-tokenize) cuts every line it draws into clusters
 * with Intl.Segmenter, about 0.6 µs a character: 3 ms of a frame that brings 40 new rows at 200x50,
 * while a dashboard row holds nothing that joins characters into one cluster. The bundles let the
 * tokenizer ask here first (scripts/build-bundle.mjs); anything else goes to Intl.Segmenter.
 * test/ui/plainSegments.test.ts checks every accepted character against Intl.Segmenter.
 *
 * Why no other cluster can form: of the rules that join characters (UAX #29), CR LF needs a CR;
 * Hangul, regional indicators and emoji ZWJ sequences have no character here; and no character here
 * is a combining mark, a joiner, a prepend or a spacing mark.
 */
import { SYMBOL_RANGES } from './symbolWidth.js';

const PLAIN = new RegExp(`^[\\u0000-\\u000C\\u000E-\\u007F${SYMBOL_RANGES}]*$`);

export interface Segment {
  segment: string;
  index: number;
}

/**
 * An iterable of `{ segment, index }` as Intl.Segmenter gives them, or undefined when `text` needs
 * Intl.Segmenter. The iterator hands back one object, changed at each step: the tokenizer reads
 * both fields before it asks for the next, and a row then makes no object per character.
 */
export function plainSegments(text: string): Iterable<Segment> | undefined {
  if (!PLAIN.test(text)) return undefined;
  return {
    [Symbol.iterator]() {
      const value: Segment = { segment: '', index: -1 };
      const step: IteratorResult<Segment> = { value, done: false };
      const end: IteratorResult<Segment> = { value: undefined, done: true };
      return {
        next() {
          const index = value.index + 1;
          if (index >= text.length) return end;
          value.index = index;
          value.segment = text[index]!;
          return step;
        },
      };
    },
  };
}
