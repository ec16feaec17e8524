import { runbookAnnotation } from '../domain/runbook/locate.js';
import { renderRunbookLines, type RenderedLine } from '../domain/runbook/render.js';
import type { RunbookAttempt, RunbookResult } from '../domain/runbook/types.js';
import type { RunbookView } from '../state/runbookView.js';
import { cut } from './format.js';
import type { ColorName, Theme } from './theme.js';

/**
 * The runbook pane as lines, pure: tested without rendering. Prose is wrapped to the pane; code
 * keeps its text exactly and is never wrapped: a long command is scrolled sideways (h/l) and cut
 * at the pane's edge with a marker, so a half command never looks like a whole one.
 */

export interface PaneLine {
  text: string;
  color?: ColorName;
  bold?: boolean;
}

export interface PaneOptions {
  /** The selected step (an index into view.steps) and how far code is scrolled sideways. */
  step: number;
  shift: number;
  focused: boolean;
  width: number;
  height: number;
  done(stepId: string): boolean;
}

export interface RunbookPaneModel {
  /** For the pane title: what the runbook is for and how far along it is. */
  title: string;
  lines: PaneLine[];
}

const GUTTER = 2;

function expandTabs(text: string): string {
  let col = 0;
  return text.replace(/[^\t]*\t/g, (chunk) => {
    const before = chunk.slice(0, -1);
    col += before.length;
    const pad = 4 - (col % 4);
    col += pad;
    return before + ' '.repeat(pad);
  });
}

/** A code line seen through a window of `width` columns starting at `shift`; markers where it goes on. */
export function codeWindow(text: string, shift: number, width: number, ascii: boolean): string {
  const full = expandTabs(text);
  if (width <= 0) return '';
  let shown = full.slice(shift, shift + width);
  if (shift > 0 && full.length > shift) shown = (ascii ? '<' : '«') + shown.slice(1);
  if (full.length > shift + width) shown = shown.slice(0, -1) + (ascii ? '>' : '»');
  return shown;
}

function attemptLine(a: RunbookAttempt): string {
  // The outcome first: a narrow pane cuts the end of a long URL, not what happened there.
  return `  ${a.outcome.replace('_', ' ')}${a.message ? ` (${a.message})` : ''}: ${a.kind === 'annotation' ? 'url' : 'file'} ${a.location}`;
}

function notShown(result: RunbookResult, view: RunbookView, width: number): PaneLine[] {
  const out: PaneLine[] = [];
  if (result.status === 'link_only') {
    out.push({ text: result.message, color: 'muted' });
    if (result.link) out.push({ text: `o opens it: ${result.link}` });
    return out;
  }
  out.push({ text: result.message, color: result.status === 'failed' ? 'error' : 'warning' });
  if (result.looked.length) out.push({ text: 'looked in:', color: 'accent' }, ...result.looked.map((a) => ({ text: attemptLine(a) })));
  if (result.link) out.push({ text: `link (o opens it): ${result.link}` });
  const name = view.subject?.alert?.labels.alertname;
  out.push({ text: `add a runbook_url annotation to the rule, or ${name ?? '<alertname>'}.md to a runbooks folder`, color: 'muted' });
  return out.map((l) => ({ ...l, text: cut(l.text, width) }));
}

/** Lines before the runbook: where it came from, and what the alert could not fill. */
function headLines(view: RunbookView): PaneLine[] {
  const out: PaneLine[] = [{ text: view.result!.message, color: 'muted' }];
  if (view.missing.length) out.push({ text: `not filled, the alert has no value for: ${view.missing.join(', ')}`, color: 'warning' });
  return out;
}

/** Keeps the selected step in view: from the top while it fits, else starting one line above it. */
function windowStart(lines: RenderedLine[], stepId: string | undefined, height: number): number {
  if (lines.length <= height || !stepId) return 0;
  const first = lines.findIndex((l) => l.stepId === stepId);
  let last = first;
  while (last + 1 < lines.length && lines[last + 1]!.stepId === stepId) last += 1;
  if (first < 0 || last < height) return 0;
  return Math.max(0, Math.min(first - 1, lines.length - height));
}

export function runbookPaneModel(view: RunbookView, opts: PaneOptions, theme: Theme): RunbookPaneModel {
  const ascii = theme.display.ascii;
  const width = Math.max(10, opts.width);
  const doneCount = view.steps.filter((s) => opts.done(s.id)).length;
  const progress = view.steps.length ? ` · ${doneCount}/${view.steps.length} done` : '';
  const title = view.subject ? `${view.subject.label}${progress}${opts.focused ? ' · esc back' : ''}` : '';
  if (!view.subject) return { title, lines: [{ text: 'select an alert or an incident to see its runbook', color: 'muted' }] };
  if (!view.result) {
    const ann = view.subject.alert ? runbookAnnotation(view.subject.alert) : undefined;
    // Loading happens in the background: say so, and that the keys still work.
    return { title, lines: [{ text: `loading the runbook${ann ? ` from ${ann.value}` : ''}…`, color: 'muted' }] };
  }
  if (!view.runbook) return { title, lines: notShown(view.result, view, width) };

  const head = headLines(view).map((l) => ({ ...l, text: cut(l.text, width) }));
  const selected = view.steps[opts.step]?.id;
  const rendered = renderRunbookLines(view.runbook, { width: width - GUTTER, ascii, hyperlinks: false, done: opts.done });
  const room = Math.max(1, opts.height - head.length);
  const start = windowStart(rendered, selected, room);
  const lines: PaneLine[] = [...head];
  rendered.slice(start, start + room).forEach((l, i) => {
    const mine = selected !== undefined && l.stepId === selected;
    const firstOfStep = mine && rendered[start + i - 1]?.stepId !== selected;
    const gutter = firstOfStep ? `${theme.glyph.cursor} ` : '  ';
    const body = l.nowrap ? codeWindow(l.text, opts.shift, width - GUTTER, ascii) : cut(expandTabs(l.text), width - GUTTER);
    const color: ColorName | undefined = mine ? 'accent' : l.kind === 'code' ? 'info' : l.kind === 'meta' ? 'muted' : undefined;
    const bold = (mine && opts.focused) || l.kind === 'title' || l.kind === 'heading';
    lines.push({ text: gutter + body, ...(color ? { color } : {}), ...(bold ? { bold } : {}) });
  });
  return { title, lines };
}
