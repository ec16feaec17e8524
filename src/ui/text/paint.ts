import chalk from 'chalk';

type Painter = (text: string) => string;

/**
 * `text` in a theme colour (a chalk colour name; undefined leaves it as it is) and bold, with the
 * codes Ink's <Text color bold> writes: the same chalk, at the level src/ui/mount.ts sets. A list row
 * is one string painted this way, not a <Text> per colour: each nested Text is a component and a node
 * that React renders and Ink joins again on every frame, about 10 per row. At 80,000 alerts
 * (`npm run bench -- scale`), a jump (G), which changes every visible row, took 13-18 ms to its frame
 * with a Text per colour and 6-7 ms with one string; the first tab 16-29 against 8-19; the output is
 * the same, byte for byte.
 */
export function paint(text: string, color?: string, bold = false): string {
  if (text === '') return '';
  const colored = color ? (chalk as unknown as Record<string, Painter>)[color]!(text) : text;
  return bold ? chalk.bold(colored) : colored;
}
