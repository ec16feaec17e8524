import { usageError } from './errors.js';
import type { Labels, Matcher } from './types.js';

/** amtool's matcher syntax: name=value, name!=value, name=~regex, name!~regex; values quoted or bare. */

const VALID_FORMS = 'use name=value, name!=value, name=~regex or name!~regex (quote values with spaces: name="a b")';
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATOR = /^(=~|!~|!=|=)/;
// A comma only separates matchers when a new "name<op>" follows it, so bare regexes like a{1,3} survive.
const NEXT_MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)/;

function notAMatcher(text: string, why?: string): never {
  const reason = why ? ` (${why})` : '';
  throw usageError(`"${text}" is not a matcher${reason}`, VALID_FORMS);
}

/** Reads a double-quoted value starting at text[0] === '"'; returns the value and what follows it. */
function readQuoted(text: string, whole: string): { value: string; rest: string } {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, rest: text.slice(i + 1) };
    if (c === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      if (next === 'n') value += '\n';
      else if (next === '"' || next === '\\') value += next;
      // As Alertmanager: unknown escapes stay literal, so a regex like "\d+" means what the user meant.
      else value += `\\${next}`;
      continue;
    }
    value += c;
  }
  return notAMatcher(whole, 'missing closing quote');
}

export function parseMatcher(text: string): Matcher {
  const trimmed = text.trim();
  const name = NAME.exec(trimmed)?.[0];
  if (!name) notAMatcher(text, trimmed === '' ? 'empty' : 'a label name starts with a letter or _');
  const afterName = trimmed.slice(name.length).trimStart();
  const op = OPERATOR.exec(afterName)?.[0];
  if (!op) notAMatcher(text);
  const rawValue = afterName.slice(op.length).trim();
  let value: string;
  if (rawValue.startsWith('"')) {
    const { value: v, rest } = readQuoted(rawValue, text);
    if (rest.trim() !== '') notAMatcher(text, 'text after the closing quote');
    value = v;
  } else {
    // "a==b" or "a=~~b" are typos, not values starting with = or ~.
    if (/^[=~]/.test(rawValue)) notAMatcher(text);
    if (rawValue.endsWith('"')) notAMatcher(text, 'missing opening quote');
    value = rawValue;
  }
  const matcher: Matcher = { name, value, isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' };
  if (matcher.isRegex) compile(matcher, text);
  return matcher;
}

/** Splits on commas that are outside quotes and followed by another matcher. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      const rest = text.slice(i + 1);
      if (NEXT_MATCHER.test(rest) || rest.trim() === '') {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Parses command-line matchers the way amtool does: each argument is a matcher (or a comma list),
 * a bare first word is an alertname, and a braced list `{a="b", c=~"d"}` may span arguments.
 */
export function parseMatchers(args: string[]): Matcher[] {
  const joined = args.join(' ').trim();
  if (joined === '') return [];
  if (joined.startsWith('{')) {
    if (!joined.endsWith('}')) notAMatcher(joined, 'missing closing }');
    return splitList(joined.slice(1, -1)).map(parseMatcher);
  }
  const out: Matcher[] = [];
  args.forEach((arg, i) => {
    const word = arg.trim();
    if (i === 0 && word !== '' && !/[=~{}]/.test(word) && !word.includes('!')) {
      out.push({ name: 'alertname', value: word, isRegex: false, isEqual: true });
      return;
    }
    out.push(...splitList(arg).map(parseMatcher));
  });
  return out;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${quote(m.value)}`;
}

const compiled = new Map<string, RegExp>();

/** Go's RE2 allows a leading (?i) flag group; JavaScript wants flags outside the pattern. */
function compile(m: Matcher, shownAs?: string): RegExp {
  const cached = compiled.get(m.value);
  if (cached) return cached;
  let pattern = m.value;
  let flags = '';
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  if (lead) {
    flags += lead[1];
    pattern = pattern.slice(lead[0].length);
  }
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, flags);
  } catch (err) {
    throw usageError(
      `invalid regular expression in matcher ${shownAs ?? formatMatcher(m)}: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`,
      'fix the regex, or use = / != for a plain value',
    );
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(m.value, re);
  return re;
}

/** As Alertmanager: regexes are anchored, a missing label counts as the empty string. */
export function matcherMatches(m: Matcher, labels: Labels): boolean {
  return matcherMatchesValue(m, labels[m.name] ?? '');
}

/** The matcher against its label's value ('' when the label is missing). */
export function matcherMatchesValue(m: Matcher, actual: string): boolean {
  const hit = m.isRegex ? compile(m).test(actual) : actual === m.value;
  return hit === m.isEqual;
}

export function matchesAll(ms: Matcher[], labels: Labels): boolean {
  return ms.every((m) => matcherMatches(m, labels));
}

function key(m: Matcher): string {
  return JSON.stringify([m.name, m.value, m.isRegex, m.isEqual]);
}

/** Same set of matchers regardless of order (duplicates counted). */
export function matchersEqual(a: Matcher[], b: Matcher[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}
