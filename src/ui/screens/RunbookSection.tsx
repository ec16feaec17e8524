import { useEffect, useMemo, useRef } from 'react';
import type { RunbookCache } from '../../state/runbooks.js';
import { loadRunbook, runbookView, selectedStep, type RunbookView } from '../../state/runbookView.js';
import type { DashboardState } from '../../state/types.js';
import { RunbookPane } from '../components/RunbookPane.js';
import { runbookPaneModel } from '../runbookLines.js';
import type { Theme } from '../theme.js';

export interface RunbookSectionProps {
  state: DashboardState;
  runbooks?: RunbookCache;
  /** Changes when the cache does (see useRunbookVersion in App). */
  version: number;
  /** The list cursor has rested: follow it now (holding j fetches nothing on the way). */
  rested: boolean;
  height: number;
  width: number;
  theme: Theme;
}

/** Wires the runbook pane to the selection and the cache; starting loads is its only side effect. */
export function RunbookSection({ state, runbooks, version, rested, height, width, theme }: RunbookSectionProps) {
  const ascii = theme.display.ascii;
  const previous = useRef<RunbookView | undefined>(undefined);
  const view = useMemo(
    () => (rested || state.runbook.focused || !previous.current ? runbookView(state, runbooks, { ascii }) : previous.current),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the cache's contents
    [state, runbooks, version, ascii, rested],
  );
  previous.current = view;
  const subject = view.subject;
  const loaded = view.result !== undefined;
  useEffect(() => {
    // In an effect, not during render: a load notifies subscribers, which re-renders App.
    if (runbooks && subject && !loaded) loadRunbook(state, runbooks, subject);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only when the subject or the cache changes
  }, [runbooks, subject?.key, loaded, version]);
  const step = selectedStep(state, view);
  const shift = subject && state.runbook.subject === subject.key ? state.runbook.shift : 0;
  const focused = state.runbook.focused;
  const model = useMemo(
    () => runbookPaneModel(view, { step, shift, focused, width, height: height - 1, done: (id) => (subject && runbooks ? runbooks.isDone(subject.key, id) : false) }, theme),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version covers done marks
    [view, step, shift, focused, width, height, theme, version],
  );
  return <RunbookPane title={model.title} lines={model.lines} height={height} width={width} focused={focused} theme={theme} />;
}
