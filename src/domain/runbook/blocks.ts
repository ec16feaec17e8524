import type { MarkedToken, Token } from 'marked';
import { decodeEntities } from './inline.js';
import { markdownLexer } from './markdown.js';
import { PLACEHOLDER } from './template.js';
import type { Block, ListItem } from './types.js';

/**
 * Runbook Markdown into our blocks, from marked's CommonMark/GFM tokens. Texts stay inline Markdown
 * (filled per alert, then rendered by inline.ts); reference links are rewritten inline here, since
 * their definitions are known only to the whole document.
 */

// Templates hide from the lexer behind markers without spaces, or `[d]: https://x?h={{ $labels.host }}`
// would not be a link definition. The markers are private-use characters, dropped from the input first.
const OPEN = '\uE000';
const CLOSE = '\uE001';

interface Doc {
  templates: string[];
  links: Record<string, unknown>;
}

function protect(markdown: string, doc: Doc): string {
  return markdown.replace(/[\uE000\uE001]/g, '').replace(PLACEHOLDER, (t) => `${OPEN}${doc.templates.push(t) - 1}${CLOSE}`);
}

function restore(text: string, doc: Doc): string {
  return text.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => doc.templates[Number(i)]!);
}

/** `[text][ref]` (or `[text]`) as `[text](href)`: the text then stands on its own. */
function inlineLink(t: MarkedToken & { type: 'link' | 'image' }): string {
  const href = /[\s()<>]/.test(t.href) ? `<${t.href.replace(/[<>]/g, '')}>` : t.href;
  return `${t.type === 'image' ? '!' : ''}[${t.text}](${href})`;
}

/** A block's inline source, reference links resolved, templates back, each line trimmed. */
function inlineSource(text: string, tokens: Token[] | undefined, doc: Doc): string {
  let out = text;
  if (tokens && Object.keys(doc.links).length) {
    // Inline tokens' raws add up to their source, so positions come from their lengths.
    const edits: Array<[number, number, string]> = [];
    const walk = (list: Token[], at: number) => {
      let pos = at;
      for (const t of list as MarkedToken[]) {
        if ((t.type === 'link' || t.type === 'image') && t.raw.endsWith(']')) edits.push([pos, pos + t.raw.length, inlineLink(t)]);
        else if (t.type === 'strong' || t.type === 'em' || t.type === 'del') walk(t.tokens, pos + (t.raw.length - t.text.length) / 2);
        pos += t.raw.length;
      }
    };
    walk(tokens, 0);
    for (const [from, to, link] of edits.reverse()) out = out.slice(0, from) + link + out.slice(to);
  }
  return restore(out, doc)
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
}

/** HTML from wikis: comments and scripts go, `<pre>` is code, other tags are dropped around their text. */
function html(t: MarkedToken & { type: 'html' }, doc: Doc): Block | undefined {
  const raw = restore(t.text, doc).replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  if (/^\s*<(script|style)\b/i.test(raw)) return undefined;
  const text = raw.replace(/<\/?[A-Za-z][^>]*>/g, '');
  if (/^\s*<pre\b/i.test(raw)) return { type: 'code', body: decodeEntities(text).replace(/^\n+|\s+$/g, '') };
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length ? { type: 'paragraph', text: lines.join('\n') } : undefined;
}

function listItem(item: MarkedToken & { type: 'list_item' }, doc: Doc): ListItem {
  const children = toBlocks(item.tokens, doc);
  const head = children[0];
  let text = head?.type === 'paragraph' ? head.text : '';
  // A task item keeps its box as written: "[ ] drain the node" reads right in a terminal.
  if (item.task && !/^\[[ xX]\]/.test(text)) text = `${item.checked ? '[x]' : '[ ]'} ${text}`.trimEnd();
  return { text, children: head?.type === 'paragraph' ? children.slice(1) : children };
}

function toBlocks(tokens: Token[], doc: Doc): Block[] {
  const out: Block[] = [];
  for (const t of tokens as MarkedToken[]) {
    switch (t.type) {
      case 'heading':
        out.push({ type: 'heading', level: t.depth, text: inlineSource(t.text, t.tokens, doc).replace(/\n/g, ' ') });
        break;
      case 'paragraph':
      case 'text':
        out.push({ type: 'paragraph', text: inlineSource(t.text, t.tokens, doc) });
        break;
      case 'code': {
        const lang = t.lang?.trim().split(/\s+/)[0];
        out.push({ type: 'code', ...(lang ? { lang: restore(lang, doc) } : {}), body: restore(t.text, doc) });
        break;
      }
      case 'blockquote':
        out.push({ type: 'quote', blocks: toBlocks(t.tokens, doc) });
        break;
      case 'list':
        out.push({
          type: 'list',
          ordered: t.ordered,
          ...(t.ordered ? { start: t.start === '' ? 1 : t.start } : {}),
          items: t.items.map((item) => listItem(item, doc)),
        });
        break;
      case 'table':
        out.push({ type: 'table', rows: restore(t.raw, doc).trim().split('\n').map((l) => l.trim()) });
        break;
      case 'hr':
        out.push({ type: 'rule' });
        break;
      case 'html': {
        const b = html(t, doc);
        if (b) out.push(b);
        break;
      }
      default:
        // space and def (link definitions): nothing to show.
        break;
    }
  }
  return out;
}

/** Parses Markdown into blocks (after loadMarkdown()). The text is already free of control characters and CRs. */
export function parseBlocks(markdown: string): Block[] {
  const Lexer = markdownLexer();
  if (!Lexer) throw new Error('runbook Markdown parsed before loadMarkdown() resolved');
  const doc: Doc = { templates: [], links: {} };
  const lexer = new Lexer();
  const tokens = lexer.lex(protect(markdown, doc));
  doc.links = tokens.links;
  return toBlocks(tokens, doc);
}
