/**
 * What a command run once per context printed, put together as one output: JSON items with their
 * context, one table with a CONTEXT column, every other line after its context's name.
 */
import type { Io, TableOut } from './io.js';
import { formatFirstFitting } from './output.js';

/** What one context's run printed: text, and tables handed over as rows (OutStream.table). */
type Part = { text: string } | { table: TableOut };

export interface Answer {
  name: string;
  code: number;
  parts: Part[];
  err: string;
}

/** An Io for one context's run: stdin and environment shared, its output kept (at `columns` wide) for merging. */
export function capture(io: Io, columns: number | undefined): { io: Io; parts: Part[]; err: () => string } {
  const parts: Part[] = [];
  let err = '';
  const write = (text: string) => {
    const last = parts[parts.length - 1];
    if (last && 'text' in last) last.text += text;
    else parts.push({ text });
  };
  return {
    io: {
      stdin: io.stdin,
      env: io.env,
      stdout: { write, table: (table: TableOut) => void parts.push({ table }), isTTY: false, ...(columns ? { columns } : {}) },
      stderr: { write: (t: string) => (err += t), isTTY: false },
    },
    parts,
    err: () => err,
  };
}

/** Every item gets its context; an object answer (status) becomes one item per context. */
export function mergeJson(answers: Answer[]): unknown[] {
  const items: unknown[] = [];
  for (const a of answers) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(textOf(a));
    } catch {
      continue; // a failed context printed nothing; its stderr says why
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    for (const item of list) items.push(typeof item === 'object' && item !== null ? { context: a.name, ...item } : { context: a.name, value: item });
  }
  return items;
}

const textOf = (a: Answer): string => a.parts.map((p) => ('text' in p ? p.text : '')).join('');

const CONTEXT_KEY = '\u0000context';

/**
 * Several contexts' output as one: their tables as one table with a CONTEXT column (formatted once,
 * so every row lines up under one header, whatever each context's widths), and every other line
 * after its context's name.
 */
export function mergeText(answers: Answer[], width: number, total: number): string {
  const tableOf = (a: Answer) => a.parts.find((p): p is { table: TableOut } => 'table' in p)?.table;
  const tables = answers.map(tableOf).filter((t): t is TableOut => t !== undefined);
  const first = tables[0];
  const oneEach = answers.every((a) => a.parts.filter((p) => 'table' in p).length <= 1);
  const alike = (t: TableOut) => t.choices.length === first!.choices.length && t.choices.every((c, i) => c.columns.map((x) => x.key).join() === first!.choices[i]!.columns.map((x) => x.key).join());
  if (!first || !oneEach || !tables.every(alike)) return mergeLines(answers, width);
  const choices = first.choices.map((c, i) => ({
    columns: [{ key: CONTEXT_KEY, header: 'context' }, ...c.columns],
    rows: answers.flatMap((a) => (tableOf(a)?.choices[i]!.rows ?? []).map((r) => ({ ...r, [CONTEXT_KEY]: a.name }))),
  }));
  // Text each context printed before its table, the table, then what each printed after it (notes).
  const around = (side: 'before' | 'after') =>
    answers.map((a) => {
      const at = a.parts.findIndex((p) => 'table' in p);
      const part = side === 'before' ? a.parts.slice(0, at < 0 ? a.parts.length : at) : at < 0 ? [] : a.parts.slice(at + 1);
      return prefixed(a.name, part.map((p) => ('text' in p ? p.text : '')).join(''), width);
    }).join('');
  return around('before') + formatFirstFitting(choices, first.width === Infinity ? Infinity : total) + around('after');
}

/** Each line after its context's name; blank lines stay blank. */
function prefixed(name: string, text: string, width: number): string {
  return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').map((l) => (l.trim() === '' ? '\n' : `${name.padEnd(width)}  ${l}\n`)).join('');
}

/** Output with no table (status, --history, --explain): every line after its context's name, one CONTEXT title. */
function mergeLines(answers: Answer[], width: number): string {
  let out = '';
  for (const a of answers) {
    let text = textOf(a);
    // `status` opens with a "context NAME" title: the column says it now.
    if (text.startsWith(`context ${a.name}\n`)) text = text.slice(`context ${a.name}\n`.length);
    out += prefixed(a.name, text, width);
  }
  return out === '' ? '' : `CONTEXT\n${out}`;
}
