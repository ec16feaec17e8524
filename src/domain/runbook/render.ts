import { inlineWords, wrapWords } from './inline.js';
import type { Block, Runbook, Section, Step } from './types.js';

/**
 * A runbook as terminal lines, for `oncall runbook` and for the dashboard pane. Prose wraps to
 * `width`; code and tables never wrap (a command split over two lines is a broken command): such
 * lines are longer than `width` and the pane scrolls them sideways.
 */

export interface RenderOptions {
  width: number;
  ascii?: boolean;
  hyperlinks?: boolean;
  /** When given, each step shows a done mark ([x] / ✓). */
  done?: (stepId: string) => boolean;
}

export type LineKind = 'title' | 'meta' | 'heading' | 'text' | 'step' | 'code' | 'blank';

export interface RenderedLine {
  text: string;
  kind: LineKind;
  /** The step this line belongs to (its first line, body and code), for highlighting and marks. */
  stepId?: string;
  /** Code and table lines: never wrapped, scroll instead. */
  nowrap?: boolean;
}

interface Ctx extends RenderOptions {
  out: RenderedLine[];
  stepId?: string;
  plain: boolean;
}

function push(ctx: Ctx, text: string, kind: LineKind, nowrap = false): void {
  ctx.out.push({ text, kind, ...(ctx.stepId ? { stepId: ctx.stepId } : {}), ...(nowrap ? { nowrap } : {}) });
}

function prose(ctx: Ctx, text: string, first: string, rest: string, kind: LineKind = 'text'): void {
  // Plain-text runbooks keep their line breaks; Markdown soft breaks reflow.
  if (!ctx.plain) {
    for (const line of wrapWords(inlineWords(text, { hyperlinks: ctx.hyperlinks }), ctx.width, first, rest)) push(ctx, line, kind);
    return;
  }
  for (const line of text.split('\n')) {
    // An indented line in a plain-text runbook is almost always a command: kept as written.
    if (/^\s/.test(line)) push(ctx, `${rest}${line}`, 'code', true);
    else for (const l of wrapWords(line.split(/\s+/).filter(Boolean).map((w) => ({ visible: w, out: w })), ctx.width, first, rest)) push(ctx, l, kind);
    first = rest;
  }
}

function blank(ctx: Ctx): void {
  const last = ctx.out[ctx.out.length - 1];
  if (last && last.kind !== 'blank') ctx.out.push({ text: '', kind: 'blank' });
}

function blocks(ctx: Ctx, list: Block[], indent: string, section?: Section): void {
  for (const b of list) {
    switch (b.type) {
      case 'heading':
        blank(ctx);
        prose(ctx, b.text, indent, indent, 'heading');
        break;
      case 'paragraph':
        prose(ctx, b.text, indent, indent);
        blank(ctx);
        break;
      case 'code':
        for (const line of b.body.split('\n')) push(ctx, `${indent}    ${line}`.trimEnd(), 'code', true);
        blank(ctx);
        break;
      case 'quote': {
        // A quote holds any blocks (a list, code): render them narrower, then put the bar before each line.
        const bar = `${indent}${ctx.ascii ? '| ' : '│ '}`;
        const inner: Ctx = { ...ctx, width: Math.max(20, ctx.width - bar.length), out: [] };
        blocks(inner, b.blocks, '', section);
        while (inner.out.at(-1)?.kind === 'blank') inner.out.pop();
        for (const l of inner.out) ctx.out.push({ ...l, kind: l.kind === 'blank' ? 'text' : l.kind, text: l.kind === 'blank' ? bar.trimEnd() : bar + l.text });
        blank(ctx);
        break;
      }
      case 'table':
        for (const row of b.rows) push(ctx, `${indent}${row}`, 'text', true);
        blank(ctx);
        break;
      case 'rule':
        push(ctx, indent + (ctx.ascii ? '-' : '─').repeat(Math.max(3, Math.min(40, ctx.width - indent.length))), 'text');
        break;
      case 'list':
        b.items.forEach((item, i) => {
          const mark = b.ordered ? `${(b.start ?? 1) + i}. ` : ctx.ascii ? '- ' : '• ';
          prose(ctx, item.text, `${indent}${mark}`, `${indent}${' '.repeat(mark.length)}`);
          blocks(ctx, item.children, `${indent}${' '.repeat(mark.length)}`);
        });
        if (!indent || !ctx.stepId) blank(ctx);
        break;
      case 'step': {
        const step = section?.steps[b.index - 1];
        if (step) renderStep(ctx, step, indent);
        break;
      }
    }
  }
}

function renderStep(ctx: Ctx, step: Step, indent: string): void {
  const check = ctx.done ? (ctx.done(step.id) ? (ctx.ascii ? '[x] ' : '✓ ') : ctx.ascii ? '[ ] ' : '· ') : '';
  const mark = `${String(step.index).padStart(2)}. ${check}`;
  ctx.stepId = step.id;
  const hang = `${indent}${' '.repeat(mark.length)}`;
  if (step.text) prose(ctx, step.text, `${indent}${mark}`, hang, 'step');
  else push(ctx, `${indent}${mark}`.trimEnd(), 'step');
  blocks(ctx, step.body, hang);
  blank(ctx);
  ctx.stepId = undefined;
}

export function renderRunbookLines(runbook: Runbook, opts: RenderOptions): RenderedLine[] {
  const ctx: Ctx = { ...opts, width: Math.max(20, opts.width), out: [], plain: runbook.format === 'text' };
  if (runbook.title) {
    prose(ctx, runbook.title, '', '', 'title');
    push(ctx, (ctx.ascii ? '=' : '═').repeat(Math.min(ctx.width, Math.max(...ctx.out.map((l) => l.text.length)))), 'title');
  }
  const fields = Object.entries(runbook.meta.fields);
  for (const [key, value] of fields) prose(ctx, `${key[0]!.toUpperCase()}${key.slice(1)}: ${value}`, '', '  ', 'meta');
  blank(ctx);
  for (const section of runbook.sections) {
    if (section.heading) {
      blank(ctx);
      prose(ctx, section.heading, '', '', 'heading');
      push(ctx, (ctx.ascii ? '-' : '─').repeat(Math.min(ctx.width, section.heading.length)), 'heading');
    }
    blocks(ctx, section.blocks, '', section);
  }
  while (ctx.out[ctx.out.length - 1]?.kind === 'blank') ctx.out.pop();
  while (ctx.out[0]?.kind === 'blank') ctx.out.shift();
  return ctx.out;
}

export function renderRunbookText(runbook: Runbook, opts: RenderOptions): string[] {
  return renderRunbookLines(runbook, opts).map((l) => l.text);
}
