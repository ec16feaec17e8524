import { parseDuration } from '../domain/duration.js';
import { errorLine } from '../domain/errors.js';
import type { ReportLoaders } from './ports.js';
import type { Store } from './store.js';
import type { SheetState } from './types.js';

/** The period each view covers when none is typed: `oncall report` and `oncall handover`'s defaults. */
export const SHEET_DEFAULT_SPAN: Record<SheetState['kind'], string> = { report: '30d', handover: '12h' };

const WHAT: Record<SheetState['kind'], string> = { report: 'report (MTTA/MTTR)', handover: 'handover' };

let requests = 0;

type Read = (spanMs: number) => Promise<Pick<SheetState, 'report' | 'handover'>>;

function reader(loaders: ReportLoaders | undefined, kind: SheetState['kind']): Read | undefined {
  const report = loaders?.report;
  const handover = loaders?.handover;
  if (kind === 'report') return report && (async (ms) => ({ report: await report(ms) }));
  return handover && (async (ms) => ({ handover: await handover(ms) }));
}

/**
 * Opens the report or handover view and reads it. The view shows "loading" at once; the answer (or
 * the error) lands only if that view, from this very request, is still open. Nothing here throws:
 * a failure is the view's error line, and the pollers go on as before.
 */
export async function openSheet(store: Store, loaders: ReportLoaders | undefined, kind: SheetState['kind'], span = SHEET_DEFAULT_SPAN[kind]): Promise<void> {
  const load = reader(loaders, kind);
  if (!load) {
    const why = kind === 'report' ? 'PagerDuty is not configured for this context' : 'this context has no sources to read it from';
    return store.dispatch({ type: 'status', text: `${WHAT[kind]}: ${why}`, tone: 'error' });
  }
  let spanMs: number;
  try {
    spanMs = parseDuration(span);
  } catch (err) {
    return store.dispatch({ type: 'status', text: `${WHAT[kind]}: ${errorLine(err)}`, tone: 'error' });
  }
  const request = ++requests;
  const open = store.getState().sheet;
  // A reload (same view, same period) keeps the figures on screen while the new ones are read.
  const keep = open && open.kind === kind && open.span === span ? open : undefined;
  store.dispatch({ type: 'sheet', sheet: { kind, span, request, loading: true, scroll: keep?.scroll ?? 0, ...(keep?.report ? { report: keep.report } : {}), ...(keep?.handover ? { handover: keep.handover } : {}) } });
  const current = () => {
    const s = store.getState().sheet;
    return s && s.request === request ? s : undefined;
  };
  try {
    const got = await load(spanMs);
    const s = current();
    if (s) store.dispatch({ type: 'sheet', sheet: { kind, span, request, scroll: s.scroll, loading: false, ...got } });
  } catch (err) {
    const s = current();
    if (s) store.dispatch({ type: 'sheet', sheet: { ...s, loading: false, error: errorLine(err) } });
  }
}
