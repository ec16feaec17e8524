import wrapAnsi from 'wrap-ansi';
import { formatDuration } from '../domain/duration.js';
import { handoverDoc } from '../domain/handover.js';
import type { IncidentReport, ReportRow, Stats } from '../domain/report.js';
import type { SheetState } from '../state/types.js';
import type { TableColumn } from './components/PlainTable.js';

/**
 * The report and handover views as blocks of known height: one-row lines and plain tables (a
 * heading row and one row per entry). Pure, so scrolling knows how far it can go before anything renders.
 */
export type SheetBlock =
  | { kind: 'line'; text: string; tone?: 'title' | 'head' | 'error' | 'muted' }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][] };

export function blockHeight(b: SheetBlock): number {
  return b.kind === 'line' ? 1 : 1 + b.rows.length;
}

const blank: SheetBlock = { kind: 'line', text: '' };
const dur = (s: number | null) => (s === null ? '-' : formatDuration(s * 1000));
const trio = (s: Stats) => `${dur(s.mean)}/${dur(s.p50)}/${dur(s.p90)}`;
const share = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);
const clock = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** Wrapped to the width; continuation rows indented under the text, so nothing is cut. */
function wrapped(text: string, width: number, indent = 2, tone?: 'error' | 'muted'): SheetBlock[] {
  const rows = wrapAnsi(text, Math.max(10, width - indent), { hard: true, trim: true }).split('\n');
  return rows.map((r, i) => ({ kind: 'line', text: i === 0 ? r : `${' '.repeat(indent)}${r}`, ...(tone ? { tone } : {}) }));
}

function reportBlocks(r: IncidentReport, span: string, width: number): SheetBlock[] {
  const source = r.source === 'analytics' ? 'PagerDuty analytics' : `each incident's log entries${r.fallbackReason ? ` (analytics not available: ${r.fallbackReason})` : ''}`;
  const o: ReportRow = r.overall;
  const out: SheetBlock[] = [
    ...wrapped(`Last ${span}: incidents created ${clock(r.since)} – ${clock(r.until)} UTC`, width),
    ...wrapped(`Source: ${source}`, width),
    blank,
    { kind: 'line', text: 'Overall', tone: 'head' },
    { kind: 'line', text: `  incidents     ${o.incidents}` },
    { kind: 'line', text: `  MTTA          mean ${dur(o.mtta.mean)} · p50 ${dur(o.mtta.p50)} · p90 ${dur(o.mtta.p90)}` },
    { kind: 'line', text: `  MTTR          mean ${dur(o.mttr.mean)} · p50 ${dur(o.mttr.p50)} · p90 ${dur(o.mttr.p90)}` },
    { kind: 'line', text: `  targets met   ${share(o.targetsMet)}` },
    blank,
    { kind: 'line', text: `Per service and urgency (${r.services.length})`, tone: 'head' },
  ];
  if (r.services.length === 0) return [...out, { kind: 'line', text: 'No incidents in this period.', tone: 'muted' }];
  out.push(...wrapped('n: incidents · MTTA, MTTR: mean/p50/p90 · met: share that met the response targets', width, 2, 'muted'));
  const columns: TableColumn[] = [{ header: 'service', flex: true, min: 8 }, { header: 'urgency' }, { header: 'n', align: 'right' }, { header: 'MTTA' }, { header: 'MTTR' }, { header: 'met', align: 'right' }];
  out.push({ kind: 'table', columns, rows: r.services.map((s) => [s.service, s.urgency, String(s.incidents), trio(s.mtta), trio(s.mttr), share(s.targetsMet)]) });
  return out;
}

function handoverBlocks(sheet: SheetState, width: number): SheetBlock[] {
  const doc = handoverDoc(sheet.handover!);
  const out: SheetBlock[] = [{ kind: 'line', text: doc.title, tone: 'title' }];
  for (const f of doc.notRead) out.push(...wrapped(`Not read: ${f}`, width, 2, 'error'));
  for (const p of doc.parts) {
    out.push(blank, { kind: 'line', text: p.heading, tone: 'head' });
    for (const l of p.lines) out.push(...wrapped(l, width));
    const rows = p.table?.rows ?? [];
    if (p.table && rows.length) {
      const columns = p.table.columns.map((header): TableColumn => (header === 'title' ? { header, flex: true, min: 10 } : header === 'service' ? { header, max: 16 } : { header }));
      out.push({ kind: 'table', columns, rows });
    }
    for (const it of p.items) out.push(...wrapped(`- ${it.code ? `${it.code} ` : ''}${it.text}`, width));
    if (!rows.length && !p.items.length) out.push({ kind: 'line', text: p.empty, tone: 'muted' });
  }
  return out;
}

/** What the view shows now: the figures when there are some, else loading or the error. */
export function sheetBlocks(sheet: SheetState, width: number): SheetBlock[] {
  const error = sheet.error ? wrapped(`Could not read the ${sheet.kind === 'report' ? 'report' : 'handover'}: ${sheet.error}`, width, 2, 'error') : [];
  const hasData = sheet.kind === 'report' ? !!sheet.report : !!sheet.handover;
  if (!hasData) return error.length ? [...error, blank, { kind: 'line', text: 'r reads it again · esc closes', tone: 'muted' }] : [{ kind: 'line', text: 'loading…', tone: 'muted' }];
  const body = sheet.kind === 'report' ? reportBlocks(sheet.report!, sheet.span, width) : handoverBlocks(sheet, width);
  return error.length ? [...error, blank, ...body] : body;
}
