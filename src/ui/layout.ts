import type { DashboardState } from '../state/types.js';

export interface Layout {
  width: number;
  body: number;
  /** The detail pane beside the lists (wide terminals), below them (tall ones), or only on enter. */
  detail: 'right' | 'bottom' | 'none';
  listWidth: number;
  detailWidth: number;
  /** Rows of the detail area beside or below the lists: the details, and the runbook under them. */
  detailHeight: number;
  /** Details and runbook take the whole body (enter, or the runbook focused where no detail area fits). */
  bodyDetail: boolean;
  /** Rows of details content (without the title) in the detail area or the body-wide view. */
  detailRows: number;
  /** Rows of runbook content (without the title); 0 hides the pane. */
  runbook: number;
  /** The runbook alone fills the body (z while it is focused). */
  runbookOnly: boolean;
  /** Rows of content per pane (without the title line); 0 hides the pane. */
  slo: number;
  alerts: number;
  incidents: number;
  silences: number;
}

export const HEADER_LINES = 2;
export const STATUS_LINES = 2;

/** Details above, runbook below, each with a title line; the focused runbook gets most of the rows. */
function splitDetail(area: number, runbook: boolean, focused: boolean, wide: boolean): { detailRows: number; runbook: number } {
  if (area <= 0) return { detailRows: 0, runbook: 0 };
  if (!runbook || area < 8) return { detailRows: area - 1, runbook: 0 };
  // The body-wide view (enter) keeps room for the labels; beside the lists the runbook gets more.
  const details = focused ? Math.min(6, Math.floor(area / 3)) : Math.ceil(area * (wide ? 0.4 : 0.55));
  return { detailRows: details - 1, runbook: area - details - 1 };
}

/** Splits the terminal between panes. Pure, so the 80×24 budget is tested without rendering. */
export function layout(state: DashboardState, columns: number, rows: number): Layout {
  const width = Math.max(20, columns);
  const body = Math.max(4, rows - HEADER_LINES - STATUS_LINES);
  const side = width >= 120;
  const bottom = !side && body >= 30;
  const rb = state.runbook;
  // Where no detail area fits (80×24), a focused runbook opens the body-wide view, details above it.
  const bodyDetail = state.detail || (rb.enabled && rb.focused && !side && !bottom && state.view === 'main');
  const detail = bodyDetail ? 'none' : side ? 'right' : bottom ? 'bottom' : 'none';
  const detailWidth = side ? Math.floor(width * 0.4) : width;
  const listWidth = side ? width - detailWidth - 1 : width;
  // Below the lists the runbook needs more than the details' ten rows.
  const detailHeight = bottom ? (rb.enabled ? Math.max(10, Math.floor(body / 2)) : 10) : body;
  const listBody = bottom ? body - detailHeight : body;
  const area = bodyDetail ? body : detail === 'none' ? 0 : detailHeight;
  const split = splitDetail(area, rb.enabled, rb.focused, !bodyDetail);
  const runbookOnly = rb.enabled && rb.focused && state.maximized;
  // z in the details view: the details alone fill the body.
  const detailOnly = bodyDetail && state.detailMaximized && !rb.focused;
  const out: Layout = {
    width, body, detail, listWidth, detailWidth, detailHeight, bodyDetail, runbookOnly,
    detailRows: runbookOnly ? 0 : detailOnly ? body - 1 : split.detailRows,
    runbook: runbookOnly || detailOnly ? (runbookOnly ? body - 1 : 0) : split.runbook,
    slo: 0, alerts: 0, incidents: 0, silences: 0,
  };
  if (state.view === 'silences') return { ...out, silences: listBody - 1 };
  if (state.maximized) return { ...out, [state.focus]: listBody - 1 };
  const sloWanted = state.sources.prometheus.status !== 'off' || state.slos.length > 0;
  const sloRows = sloWanted ? Math.min(Math.max(state.slos.length, 1), state.focus === 'slo' ? 6 : 3) : 0;
  const slo = sloRows > 0 && listBody - (sloRows + 1) >= 6 ? sloRows : 0;
  const rest = listBody - (slo > 0 ? slo + 1 : 0) - 2;
  const alerts = Math.max(1, Math.ceil(rest * (state.focus === 'incidents' ? 0.45 : 0.6)));
  return { ...out, slo, alerts, incidents: Math.max(1, rest - alerts) };
}
