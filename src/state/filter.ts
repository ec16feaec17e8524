import { matcherMatches, matchesAll, parseMatchers } from '../domain/matchers.js';
import type { Labels, Matcher } from '../domain/types.js';

/** What the user typed after `/`: free text, or matchers (`severity=critical`); a leading `!` inverts. */
export interface ParsedFilter {
  invert: boolean;
  matchers?: Matcher[];
  text: string;
  /** A matcher or regex that did not parse; the filter then falls back to plain text so the list never blanks. */
  error?: string;
  /** `@context=prod-eu` (also `!=`, `=~`, `!~`): which contexts' rows to show; never inverted by a leading `!`. */
  contexts?: Matcher[];
}

const CONTEXT_WORD = /^@context(=~|!~|!=|=)/;

/** Takes the `@context…` words out of a filter: they pick contexts, the rest filters rows as before. */
function takeContexts(body: string): { rest: string; contexts?: Matcher[]; error?: string } {
  const words = splitWords(body);
  const picked = words.filter((w) => CONTEXT_WORD.test(w));
  if (picked.length === 0) return { rest: body };
  const rest = words.filter((w) => !CONTEXT_WORD.test(w)).join(' ');
  try {
    const contexts = parseMatchers(picked.map((w) => w.slice(1)));
    for (const m of contexts) if (m.isRegex) matcherMatches(m, {});
    return { rest, contexts };
  } catch (err) {
    return { rest, error: (err as Error).message };
  }
}

const LOOKS_LIKE_MATCHER = /[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)/;

/** Splits on spaces outside double quotes, so `summary="disk full"` stays one word. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i]!;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (/\s/.test(c) && !quoted) {
      if (current !== '') words.push(current);
      current = '';
    } else current += c;
  }
  if (current !== '') words.push(current);
  return words;
}

export function parseFilter(raw: string): ParsedFilter {
  const picked = takeContexts(raw.trim());
  const parsed = parseRows(picked.rest);
  if (picked.error) return { ...parsed, error: picked.error };
  return picked.contexts ? { ...parsed, contexts: picked.contexts } : parsed;
}

function parseRows(raw: string): ParsedFilter {
  let body = raw.trim();
  const invert = body.startsWith('!') && !/^![=~]/.test(body);
  if (invert) body = body.slice(1).trim();
  if (body === '' || !LOOKS_LIKE_MATCHER.test(body)) return { invert, text: body.toLowerCase() };
  try {
    const matchers = parseMatchers(splitWords(body));
    // Compile each regex now: a bad one is an error to show, not a list that silently matches nothing.
    for (const m of matchers) if (m.isRegex) matcherMatches(m, {});
    return { invert, matchers, text: body.toLowerCase() };
  } catch (err) {
    return { invert, text: body.toLowerCase(), error: (err as Error).message };
  }
}

/**
 * `labels` are matched by matchers; `haystack` (lower case, or what makes it) by free text; `context`
 * by `@context` (a row of several contexts, an incident of a shared account, passes if one of them does).
 */
export function passes(filter: ParsedFilter, labels: Labels, haystack: string | (() => string), context?: string | string[]): boolean {
  if (filter.contexts) {
    const contexts = Array.isArray(context) ? context : [context ?? ''];
    if (!contexts.some((c) => matchesAll(filter.contexts!, { context: c }))) return false;
  }
  let hit: boolean;
  if (filter.matchers) {
    hit = matchesAll(filter.matchers, labels);
  } else {
    hit = filter.text === '' || (typeof haystack === 'string' ? haystack : haystack()).includes(filter.text);
  }
  return filter.text === '' && !filter.matchers ? true : filter.invert ? !hit : hit;
}
