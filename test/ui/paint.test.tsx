import chalk from 'chalk';
import { renderToString, Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { paint } from '../../src/ui/text/paint.js';

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

// A list row is one painted string (src/ui/components/ListView.tsx); it must look as the Texts did.
describe('paint writes the colours Ink writes for a Text', () => {
  const cases: Array<[string, string | undefined, boolean]> = [
    ['TRIG ', 'red', false],
    ['!ack overdue 7m', 'red', true],
    ['HighCPU · search', undefined, true],
    ['10m  ', 'gray', false],
    ['plain', undefined, false],
  ];

  it('with colour on, as in a terminal with colour (chalk level 1 and 3)', () => {
    for (const l of [1, 3] as const) {
      chalk.level = l;
      for (const [text, color, bold] of cases) {
        const painted = renderToString(<Text>{paint(text, color, bold)}</Text>);
        expect(painted).toBe(renderToString(<Text color={color} bold={bold}>{text}</Text>));
      }
      // Painted parts inside a row that is then shown inverted (the cursor's row).
      const row = renderToString(<Text inverse>{`▶${paint('●', 'blue')} ${paint('critical', 'red')} x`}</Text>);
      expect(row).toBe(renderToString(<Text inverse>▶<Text color="blue">●</Text> <Text color="red">critical</Text> x</Text>));
      expect(row).toContain('\u001b[31mcritical');
    }
  });

  it('with colour off (NO_COLOR), plain text', () => {
    chalk.level = 0;
    expect(paint('TRIG ', 'red', true)).toBe('TRIG ');
    expect(paint('', 'red')).toBe('');
  });
});
