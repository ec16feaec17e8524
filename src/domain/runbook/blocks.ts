import type { Block, ListItem } from './types.js';

/**
 * A small Markdown block parser: just what runbooks use (headings, paragraphs, nested lists, fenced
 * code, quotes, tables, rules). Not CommonMark-complete on purpose: anything it does not know stays
 * as paragraph text, which still reads fine in a terminal.
 */

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:( +)(.*)|\s*)$/;
const TABLE = /^\s*\|/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const isBlank = (line: string) => line.trim() === '';

/** Lines that end a paragraph because they start a block of their own. */
function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line) || TABLE.test(line) || line.trimStart().startsWith('<!--');
}

/** Removes up to `n` leading spaces (a list item's content indentation). */
function dedent(line: string, n: number): string {
  return line.slice(Math.min(n, indentOf(line)));
}

interface Marker {
  indent: number;
  ordered: boolean;
  start: number;
  contentIndent: number;
  text: string;
}

function marker(line: string): Marker | undefined {
  const m = ITEM.exec(line.replace(/\t/g, '    '));
  if (!m) return undefined;
  const indent = m[1]!.length;
  const mark = m[2]!;
  const gap = m[3]?.length ?? 1;
  const ordered = /\d/.test(mark);
  // A gap of 5+ spaces means indented code in CommonMark; treat it as one space of separation.
  const contentIndent = indent + mark.length + (gap > 4 ? 1 : gap);
  return { indent, ordered, start: ordered ? Number.parseInt(mark, 10) : 1, contentIndent, text: m[4] ?? '' };
}

function parseList(lines: string[], from: number, first: Marker): { block: Block; next: number } {
  const items: ListItem[] = [];
  let i = from;
  while (i < lines.length) {
    const m = marker(lines[i]!);
    if (!m || m.indent !== first.indent || m.ordered !== first.ordered) break;
    const body = [m.text];
    i += 1;
    let prevBlank = false;
    while (i < lines.length) {
      const line = lines[i]!;
      if (isBlank(line)) {
        body.push('');
        prevBlank = true;
        i += 1;
        continue;
      }
      const indent = indentOf(line.replace(/\t/g, '    '));
      if (indent >= m.contentIndent) {
        body.push(dedent(line.replace(/^\t+/, (t) => '    '.repeat(t.length)), m.contentIndent));
      } else if (!prevBlank && !startsBlock(line) && body.some((l) => l !== '')) {
        body.push(line.trim()); // lazy continuation of the item's paragraph
      } else {
        break;
      }
      prevBlank = false;
      i += 1;
    }
    // Trailing blank lines belong between items, not to this one.
    while (body.length > 1 && body[body.length - 1] === '') body.pop();
    const blocks = parseBlocks(body);
    const head = blocks[0];
    if (head?.type === 'paragraph' && m.text !== '') items.push({ text: head.text, children: blocks.slice(1) });
    else items.push({ text: '', children: blocks });
    // A blank line followed by something that is not our next item ends the list.
    if (i < lines.length && !marker(lines[i]!)) break;
  }
  return { block: { type: 'list', ordered: first.ordered, ...(first.ordered ? { start: first.start } : {}), items }, next: i };
}

/** Parses Markdown lines into blocks. Lines are already free of control characters and CRs. */
export function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ type: 'paragraph', text: para.join('\n') });
    para = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      flush();
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const indent = fence[1]!.length;
      const mark = fence[2]!;
      const body: string[] = [];
      i += 1;
      while (i < lines.length) {
        const l = lines[i]!;
        const close = l.trim();
        if (close.startsWith(mark[0]!.repeat(mark.length)) && /^(`+|~+)$/.test(close)) break;
        body.push(dedent(l, indent));
        i += 1;
      }
      i += 1; // the closing fence (or past the end when it was never closed)
      blocks.push({ type: 'code', ...(fence[3] ? { lang: fence[3] } : {}), body: body.join('\n') });
      continue;
    }
    if (line.trimStart().startsWith('<!--')) {
      // HTML comments are notes for editors (templates often carry them); skip to the end marker.
      flush();
      while (i < lines.length && !lines[i]!.includes('-->')) i += 1;
      i += 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2] ?? '' });
      i += 1;
      continue;
    }
    // Setext headings: a paragraph line underlined with === or ---.
    if (para.length === 1 && /^ {0,3}(=+|-+)\s*$/.test(line)) {
      blocks.push({ type: 'heading', level: line.trim().startsWith('=') ? 1 : 2, text: para[0]!.trim() });
      para = [];
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      flush();
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    const item = marker(line);
    if (item) {
      flush();
      const { block, next } = parseList(lines, i, item);
      blocks.push(block);
      i = next;
      continue;
    }
    if (QUOTE.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i += 1) quoted.push(QUOTE.exec(lines[i]!)![1]!);
      blocks.push({ type: 'quote', text: quoted.join('\n') });
      continue;
    }
    if (TABLE.test(line)) {
      flush();
      const rows: string[] = [];
      for (; i < lines.length && TABLE.test(lines[i]!); i += 1) rows.push(lines[i]!.trim());
      blocks.push({ type: 'table', rows });
      continue;
    }
    para.push(line.trim());
    i += 1;
  }
  flush();
  return blocks;
}
