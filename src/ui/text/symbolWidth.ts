/**
 * The terminal width of text made only of ASCII and single-code-point symbols: the box drawing,
 * blocks, arrows, bullets and Latin letters the dashboard draws with. string-width answers these by
 * segmenting graphemes and testing /^\p{RGI_Emoji}$/v, which costs 25-30 ms the first time (ICU's
 * break data and the emoji table) and that first time is the dashboard's first frame. The bundles put
 * this check in front of string-width (scripts/build-bundle.mjs); anything else falls through to it.
 *
 * Every character accepted here is a grapheme cluster of its own (no combining marks, joiners,
 * variation selectors, format or control characters, surrogates or Hangul jamo), so its width is its
 * East Asian width: 2 for the wide ones (⌚, ⭐...), 1 for the rest. test/ui/symbolWidth.test.ts checks
 * every accepted code point against string-width itself.
 */
import { eastAsianWidth } from 'get-east-asian-width';

/**
 * The symbols accepted beyond ASCII, as a character class body: Latin-1 and Latin Extended (no soft
 * hyphen), general punctuation (no zero-width or bidi controls, no line separators), then
 * superscripts through miscellaneous symbols and arrows, leaving out the combining marks for symbols
 * (U+20D0-20FF). Each is a grapheme cluster of its own, which src/ui/text/plainSegments.ts relies on too.
 */
export const SYMBOL_RANGES = '\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u2070-\u20CF\u2100-\u2BFF';
const SYMBOL_TEXT = new RegExp(`^[\\u0020-\\u007E${SYMBOL_RANGES}]*$`);

/** The width, or undefined when `text` needs string-width's full treatment. */
export function symbolTextWidth(text: string, ambiguousAsWide = false): number | undefined {
  if (!SYMBOL_TEXT.test(text)) return undefined;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    width += code < 0xa1 ? 1 : eastAsianWidth(code, { ambiguousAsWide });
  }
  return width;
}
