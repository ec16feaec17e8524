import { openSheet } from '../state/sheets.js';
import type { HandlerContext, HandlerPart } from './types.js';

/** Handlers for src/keymap/sheet.ts: the report and handover views. */

function scroll(delta: (c: HandlerContext) => number) {
  return (c: HandlerContext) => c.dispatch({ type: 'sheetScroll', delta: delta(c), max: c.deps.detailMax?.() });
}

export const SHEET_HANDLERS = {
  'sheet.close': (c) => c.dispatch({ type: 'sheet' }),
  'sheet.down': scroll(() => 1),
  'sheet.up': scroll(() => -1),
  'sheet.pageDown': scroll((c) => c.page()),
  'sheet.pageUp': scroll((c) => -c.page()),
  'sheet.top': scroll(() => -Infinity),
  'sheet.bottom': scroll(() => Infinity),
  'sheet.reload': (c) => {
    const s = c.get().sheet;
    if (s) c.fire(openSheet(c.deps.store, c.deps.reports, s.kind, s.span));
  },
} satisfies HandlerPart;
