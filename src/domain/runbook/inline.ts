import type { MarkedToken, Token } from 'marked';
import { markdownLexer } from './markdown.js';
import { osc8 } from './terminal.js';

/**
 * Inline Markdown for a terminal, from marked's inline tokens: emphasis markers dropped, links as
 * OSC 8 or "text <url>", `code` kept with its backticks (it is what people copy).
 */

export interface Word {
  /** What the terminal shows: used to measure. */
  visible: string;
  /** What is written: the visible text, inside an OSC 8 link when hyperlinks are on. */
  out: string;
}

export interface InlineOptions {
  hyperlinks?: boolean;
}

interface Piece {
  text: string;
  url?: string;
  /** A code span: one unbreakable word, so a command is never split over two lines. */
  whole?: boolean;
}

/** The entities wikis actually use; an unknown one stays as written, which still reads. */
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', deg: '°',
  mdash: '—', ndash: '–', hellip: '…', middot: '·', bull: '•', times: '×', rarr: '→', larr: '←', harr: '↔',
  rArr: '⇒', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', check: '✓',
};

/** Control characters would drive the terminal (an escaped ESC is still an ESC once decoded). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function decodeEntities(text: string): string {
  return text
    .replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);/g, (whole, name: string) => {
      if (!name.startsWith('#')) return ENTITIES[name] ?? whole;
      const code = /^#[xX]/.test(name) ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(CONTROL, '');
}

function pieces(tokens: Token[], opts: InlineOptions, out: Piece[], url?: string): void {
  for (const t of tokens as MarkedToken[]) {
    switch (t.type) {
      case 'text':
        if (t.tokens) pieces(t.tokens, opts, out, url);
        else out.push({ text: decodeEntities(t.text), url });
        break;
      case 'escape':
        out.push({ text: t.text, url });
        break;
      case 'codespan':
        out.push({ text: `\`${t.text.replace(CONTROL, '')}\``, url, whole: true });
        break;
      case 'strong':
      case 'em':
      case 'del':
        pieces(t.tokens, opts, out, url);
        break;
      case 'link': {
        const from = out.length;
        pieces(t.tokens, opts, out, t.href);
        const label = out.slice(from).map((p) => p.text).join('');
        if (!opts.hyperlinks && !t.autolink && label !== t.href) out.push({ text: ` <${t.href}>` });
        break;
      }
      case 'image':
        out.push({ text: `[image: ${t.text || t.href}]`, url: t.href });
        break;
      case 'br':
        out.push({ text: ' ' });
        break;
      default:
        // Inline HTML tags go; the text between them stays.
        break;
    }
  }
}

/** The inline text split into words, ready to wrap. Soft and hard line breaks become spaces. */
export function inlineWords(text: string, opts: InlineOptions = {}): Word[] {
  const words: Word[] = [];
  let word: Word | undefined;
  const add = (s: string, url?: string) => {
    if (!s) return;
    if (!word) words.push((word = { visible: '', out: '' }));
    word.visible += s;
    word.out += url && opts.hyperlinks ? osc8(url, s) : s;
  };
  const list: Piece[] = [];
  // A Markdown runbook was parsed, so marked is loaded; were it not, plain words beat a throw during render.
  const lexer = markdownLexer();
  pieces(lexer ? lexer.lexInline(text) : [{ type: 'text', raw: text, text }], opts, list);
  for (const p of list) {
    if (p.whole) add(p.text, p.url);
    // Split on ASCII blanks only: a no-break space keeps its words together.
    else p.text.split(/([ \t\n]+)/).forEach((part, i) => (i % 2 === 1 ? (word = undefined) : add(part, p.url)));
  }
  return words;
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
