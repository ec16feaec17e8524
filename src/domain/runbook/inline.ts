import { osc8 } from './terminal.js';

/** Inline Markdown for a terminal: emphasis markers dropped, links as OSC 8 or "text <url>", `code` kept. */

export interface Word {
  /** What the terminal shows: used to measure. */
  visible: string;
  /** What is written: the visible text, inside an OSC 8 link when hyperlinks are on. */
  out: string;
}

export interface InlineOptions {
  hyperlinks?: boolean;
}

interface Segment {
  text: string;
  url?: string;
}

const LINK = /!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^>\s]+)>/g;

function stripEmphasis(text: string): string {
  // Outside code spans only: a `*` in a command (`ls *.log`) must survive.
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2').replace(/(^|[\s(])\*(\S(?:.*?\S)?)\*(?=$|[\s).,;:!?])/g, '$1$2')))
    .join('');
}

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index) });
    const url = m[2] ?? m[3]!;
    const label = m[3] ? m[3] : m[1] || url;
    out.push({ text: m[0].startsWith('!') ? `[image: ${label}]` : label, url });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The inline text split into words, ready to wrap. Soft line breaks become spaces. */
export function inlineWords(text: string, opts: InlineOptions = {}): Word[] {
  const words: Word[] = [];
  for (const seg of segments(stripEmphasis(text.replace(/\n/g, ' ')))) {
    // An inline `code span` is one unbreakable word: a command must not be split over two lines.
    const parts = seg.text.match(/(?:`[^`]*`|\S)+/g) ?? [];
    if (!seg.url) {
      parts.forEach((p) => words.push({ visible: p, out: p }));
      continue;
    }
    if (opts.hyperlinks) {
      parts.forEach((p) => words.push({ visible: p, out: osc8(seg.url!, p) }));
    } else {
      parts.forEach((p) => words.push({ visible: p, out: p }));
      if (seg.text !== seg.url) words.push({ visible: `<${seg.url}>`, out: `<${seg.url}>` });
    }
  }
  return words;
}

/** The links in a text, in order: what `o` can offer when a step points somewhere. */
export function linksIn(text: string): string[] {
  return segments(text).flatMap((s) => (s.url ? [s.url] : []));
}

/**
 * Greedy word wrap to `width` visible columns. The first line starts with `first`, the others with
 * `rest` (a hanging indent). A word longer than the line (a URL) is left whole rather than cut.
 */
export function wrapWords(words: Word[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  let out = '';
  let used = 0;
  for (const w of words) {
    const room = width - prefix.length;
    if (used > 0 && used + 1 + w.visible.length > room) {
      lines.push(prefix + out);
      prefix = rest;
      out = '';
      used = 0;
    }
    out += (used > 0 ? ' ' : '') + w.out;
    used += (used > 0 ? 1 : 0) + w.visible.length;
  }
  lines.push((prefix + out).trimEnd());
  return lines;
}
