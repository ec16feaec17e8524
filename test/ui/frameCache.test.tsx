import { Box, renderToString, Text } from 'ink';
import { describe, expect, it } from 'vitest';
import { cachedFrame, frameCacheActive, inkOriginalFrame } from '../../src/ui/frameCache.js';
import { heapAfterGc } from '../helpers/heap.js';

type Write = { x: number; y: number; text: string; transformers?: Array<(line: string, index: number) => string> };

const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
const inverse = (s: string) => `\u001b[7m${s}\u001b[27m`;

/** The same writes must give Ink's own frame, the first time and again from the cache. */
function expectSameAsInk(width: number, height: number, writes: Write[]) {
  const ink = inkOriginalFrame(width, height, writes);
  expect(ink).toBeDefined();
  expect(cachedFrame(width, height, writes)).toBe(ink);
  expect(cachedFrame(width, height, writes)).toBe(ink);
}

describe('frame cache over Ink 6.8 Output', () => {
  it('is what Ink renders through in this checkout (an Ink upgrade that moves Output shows here)', () => {
    expect(frameCacheActive()).toBe(true);
  });

  it('gives the frame Ink gives: colours, overlaps, wide characters, several lines, rows off the frame', () => {
    expectSameAsInk(30, 6, [
      { x: 0, y: 0, text: `${red('● crit')} HighLatency · svc-1` },
      { x: 0, y: 1, text: 'row one\nrow two\nrow three' },
      { x: 4, y: 1, text: inverse('OVER') }, // a later write on the same row wins, cell by cell
      { x: 0, y: 3, text: '日本語のテキスト and 🔥 emoji' },
      { x: 1, y: 3, text: 'x' }, // lands on the second half of a wide character
      { x: 25, y: 4, text: 'past the right edge' },
      { x: 0, y: 5, text: 'last\nbelow the frame' },
      { x: 0, y: -1, text: 'above\nthe frame' },
    ]);
  });

  it("applies Ink's transforms per line with the line's index", () => {
    const numbered = (line: string, index: number) => `${index}:${line}`;
    expectSameAsInk(20, 4, [{ x: 2, y: 0, text: 'a\nb\nc', transformers: [numbered, (l) => red(l)] }]);
  });

  it('never serves a stale row: a changed row is rebuilt, its neighbours still match Ink', () => {
    const frame = (cursor: number) =>
      Array.from({ length: 8 }, (_, i) => ({ x: 0, y: i, text: i === cursor ? inverse(`▶ alert ${i}`) : `  alert ${i}` }));
    for (const cursor of [0, 1, 2, 1, 0, 7]) expectSameAsInk(24, 8, frame(cursor));
    // The same writes at another width are another row (Ink places text past the edge by width).
    const past = [{ x: 14, y: 0, text: 'tail' }];
    expectSameAsInk(24, 1, past);
    expectSameAsInk(10, 1, past);
  });

  it('keeps few of the rows it had to tokenize: 400 changed header lines leave under 4 MB', () => {
    // As a shift draws them: one row whose age changes, 200 columns of text and colour.
    const header = (i: number) => `${red('● 3 firing')} ${'payments-api checkout latency '.repeat(5)} ${String(i).padStart(6)}s ago`.padEnd(200, '·');
    cachedFrame(200, 1, [{ x: 0, y: 0, text: header(-1) }]); // compiled code is not what is measured
    const before = heapAfterGc();
    for (let i = 0; i < 400; i++) cachedFrame(200, 1, [{ x: 0, y: 0, text: header(i) }]);
    const kept = (heapAfterGc() - before) / 1e6;
    // Ink's tokenized lines (an object per character) kept all 400 when its cache started again only at
    // 500: 24.9 MB. Starting again past 100 lines: 1.4-1.9 MB (three runs), the row memo's rows included.
    expect(kept).toBeLessThan(4);
  });

  it('leaves clipped boxes to Ink (overflow hidden still cuts the text)', () => {
    const out = renderToString(
      <Box width={8} overflow="hidden">
        <Box width={20} flexShrink={0}>
          <Text>0123456789abcdef</Text>
        </Box>
      </Box>,
      { columns: 20 },
    );
    expect(out).toBe('01234567');
  });
});
