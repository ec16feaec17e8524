import type { DashboardState } from '../state/types.js';

export interface Layout {
  width: number;
  body: number;
  /** The detail pane beside the lists (wide terminals), below them (tall ones), or only on enter. */
  detail: 'right' | 'bottom' | 'none';
  listWidth: number;
  detailWidth: number;
  detailHeight: number;
  /** Rows of content per pane (without the title line); 0 hides the pane. */
  slo: number;
  alerts: number;
  incidents: number;
  silences: number;
}

export const HEADER_LINES = 2;
export const STATUS_LINES = 2;

/** Splits the terminal between panes. Pure, so the 80×24 budget is tested without rendering. */
export function layout(state: DashboardState, columns: number, rows: number): Layout {
  const width = Math.max(20, columns);
  const body = Math.max(4, rows - HEADER_LINES - STATUS_LINES);
  const side = width >= 120;
  const bottom = !side && body >= 30;
  const detail = state.detail ? 'none' : side ? 'right' : bottom ? 'bottom' : 'none';
  const detailWidth = side ? Math.floor(width * 0.4) : width;
  const listWidth = side ? width - detailWidth - 1 : width;
  const detailHeight = bottom ? 10 : body;
  const listBody = bottom ? body - detailHeight : body;
  const out: Layout = { width, body, detail, listWidth, detailWidth, detailHeight, slo: 0, alerts: 0, incidents: 0, silences: 0 };
  if (state.view === 'silences') return { ...out, silences: listBody - 1 };
  if (state.maximized) return { ...out, [state.focus]: listBody - 1 };
  const sloWanted = state.sources.prometheus.status !== 'off' || state.slos.length > 0;
  const sloRows = sloWanted ? Math.min(Math.max(state.slos.length, 1), state.focus === 'slo' ? 6 : 3) : 0;
  const slo = sloRows > 0 && listBody - (sloRows + 1) >= 6 ? sloRows : 0;
  const rest = listBody - (slo > 0 ? slo + 1 : 0) - 2;
  const alerts = Math.max(1, Math.ceil(rest * (state.focus === 'incidents' ? 0.45 : 0.6)));
  return { ...out, slo, alerts, incidents: Math.max(1, rest - alerts) };
}
