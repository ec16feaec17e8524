/** Tokens of the PromQL subset the demo Prometheus understands. Positions are 0-based offsets. */

export type TokenKind = 'number' | 'duration' | 'string' | 'ident' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

export class PromQLError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = 'PromQLError';
  }
}

/** "1:5: parse error: …" — the shape Prometheus uses, so a user sees the same kind of message. */
export function parseError(query: string, pos: number, message: string): PromQLError {
  const before = query.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return new PromQLError(`${line}:${col}: parse error: ${message}`, pos);
}

const OPS = ['==', '!=', '>=', '<=', '=~', '!~', '+', '-', '*', '/', '%', '^', '>', '<', '=', '@'];
const PUNCT = new Set(['(', ')', '{', '}', '[', ']', ',', ':']);
// Sticky: each matches at lastIndex, so a long query is not copied once per token.
const DURATION = /(\d+(ms|[smhdwy]))+/y;
const NUMBER = /(0x[0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/y;
const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;

function matchAt(re: RegExp, query: string, i: number): string | undefined {
  re.lastIndex = i;
  return re.exec(query)?.[0];
}

function readString(query: string, start: number): { text: string; end: number } {
  const quote = query[start]!;
  let out = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i]!;
    if (c === quote) return { text: out, end: i + 1 };
    if (c === '\\' && quote !== '`') {
      const next = query[i + 1];
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
      if (next !== undefined && next in escapes) {
        out += escapes[next];
        i += 2;
        continue;
      }
      throw parseError(query, i, `unknown escape sequence "\\${next ?? ''}"`);
    }
    if (c === '\n' && quote !== '`') break;
    out += c;
    i++;
  }
  throw parseError(query, start, 'unterminated quoted string');
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  // Inside [ ] a colon separates a subquery's range and step; elsewhere it may start a metric name.
  let brackets = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '[') brackets++;
    if (c === ']') brackets = Math.max(0, brackets - 1);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const { text, end } = readString(query, i);
      tokens.push({ kind: 'string', text, pos: i });
      i = end;
      continue;
    }
    // A duration only makes sense inside [...] or after offset; the parser checks where it appears.
    const dur = matchAt(DURATION, query, i);
    if (dur && !/^[a-zA-Z0-9_]/.test(query[i + dur.length] ?? '')) {
      tokens.push({ kind: 'duration', text: dur, pos: i });
      i += dur.length;
      continue;
    }
    const num = matchAt(NUMBER, query, i);
    if (num && (/\d/.test(c) || (c === '.' && /\d/.test(query[i + 1] ?? '')))) {
      tokens.push({ kind: 'number', text: num, pos: i });
      i += num.length;
      continue;
    }
    const ident = c === ':' && brackets > 0 ? undefined : matchAt(IDENT, query, i);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident, pos: i });
      i += ident.length;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    const op = OPS.find((o) => query.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    throw parseError(query, i, `unexpected character: '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length });
  return tokens;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** A PromQL duration such as 5m or 1h30m, in seconds. */
export function durationSeconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}
