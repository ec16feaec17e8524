import { Box, useInput } from 'ink';
// Before the first frame: Ink's frame building then reuses the rows that did not change.
import './frameCache.js';
import { useMemo, useSyncExternalStore } from 'react';
import { hints as keyHints } from '../keymap/keymap.js';
import type { RunbookCache } from '../state/runbooks.js';
import type { Store } from '../state/store.js';
import { ConfirmDialog } from './components/ConfirmDialog.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { SheetView, sheetMaxScroll, sheetRows } from './components/SheetView.js';
import { SilenceForm } from './components/SilenceForm.js';
import { StatusBar } from './components/StatusBar.js';
import { scopesFor, type Dispatcher } from '../dispatch/dispatch.js';
import { useFilterTexts } from './hooks/useFilterTexts.js';
import { useRunbookVersion } from './hooks/useRunbookVersion.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { keyPresses } from './keys.js';
import { detailRows } from './components/DetailPane.js';
import { detailLines } from './detail.js';
import { layout } from './layout.js';
import { sheetBlocks } from './sheet.js';
import { Main } from './screens/Main.js';
import type { Theme } from './theme.js';
import { onCallNow } from '../state/selectors.js';
import { unreachedText } from '../state/reach.js';
import { shownStatus } from '../state/status.js';
import type { DashboardState } from '../state/types.js';

export interface AppProps {
  store: Store;
  dispatcher: Dispatcher;
  theme: Theme;
  slowMs: number;
  /** Fixed size for tests and the benchmark; otherwise the terminal's, following resize. */
  size?: { columns: number; rows: number };
  /** Told the focused pane's height, so PgUp/PgDn move one page. */
  /** Told the focused pane's height (PgUp/PgDn move one page) and, in the details view, how far it scrolls. */
  pageSize?: { current: number; detailMax?: number };
  /** The session's runbooks; without it there is no runbook pane. */
  runbooks?: RunbookCache;
}

function prompt(state: DashboardState): { label: string; text: string; error?: string } | undefined {
  if (state.mode === 'filter') return { label: '/', text: state.input, ...(state.filterError ? { error: state.filterError } : {}) };
  if (state.mode === 'command') return { label: ':', text: state.input };
  if (state.mode === 'ask' && state.ask) return { label: `${state.ask.label}, enter asks to confirm: `, text: state.input };
  if (state.mode === 'note') {
    // Name every target (as a bulk confirmation does): a misplaced mark shows before the note is sent.
    const names = (state.noteTargets ?? []).map((id) => {
      const i = state.incidents.find((x) => x.id === id);
      return i ? `#${i.number}` : id;
    });
    return { label: `note for ${names.join(' ')}, enter sends: `, text: state.input };
  }
  return undefined;
}

/** The one place the UI subscribes to the store; everything below gets props. */
export function App({ store, dispatcher, theme, slowMs, size, pageSize, runbooks }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const runbookVersion = useRunbookVersion(runbooks);
  useFilterTexts(state.alerts);
  const terminal = useTerminalSize();
  const { columns } = size ?? terminal;
  const rows = Math.max(8, (size ?? terminal).rows);
  const l = layout(state, columns, rows);
  const sheet = state.mode === 'sheet' ? state.sheet : undefined;
  const blocks = useMemo(() => (sheet ? sheetBlocks(sheet, l.width) : []), [sheet, l.width]);
  if (pageSize && sheet) {
    pageSize.current = sheetRows(l.body);
    pageSize.detailMax = sheetMaxScroll(blocks, l.body);
  } else if (pageSize) {
    pageSize.current = Math.max(1, state.detail ? l.detailRows : l[state.focus]);
    pageSize.detailMax = state.detail ? Math.max(0, detailRows(detailLines(state, theme), l.width).length - l.detailRows) : 0;
  }
  useInput((input, key) => {
    for (const press of keyPresses(input, key)) dispatcher.handleKey(press);
  });
  const minute = Math.floor(state.now / 60_000);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed per minute, not per tick
  const onCall = useMemo(() => onCallNow(state), [state.oncalls, minute]);

  let body;
  if (state.mode === 'help') body = <HelpOverlay scroll={state.helpScroll} readOnly={state.context.readOnly} readOnlyReason={state.context.readOnlyReason} height={l.body} width={l.width} theme={theme} />;
  else if (sheet) body = <SheetView sheet={sheet} blocks={blocks} height={l.body} width={l.width} theme={theme} />;
  else if (state.mode === 'silenceForm' && state.silenceForm)
    body = <SilenceForm form={state.silenceForm} alerts={state.alerts} author={state.context.author} now={state.now} height={l.body} width={l.width} theme={theme} />;
  else if (state.mode === 'confirm' && state.confirm)
    body = (
      <Box height={l.body} width={l.width} justifyContent="center" alignItems="center">
        <ConfirmDialog confirm={state.confirm} width={l.width} theme={theme} />
      </Box>
    );
  else body = <Main state={state} layout={l} theme={theme} runbooks={runbooks} runbookVersion={runbookVersion} />;

  const scopes = scopesFor(state);
  // A new array at every tick would re-render the status bar every second.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the scopes by value
  const hints = useMemo(() => keyHints(scopes, state.context.readOnly), [scopes.join(), state.context.readOnly]);
  return (
    <Box flexDirection="column" width={l.width} height={rows}>
      <Header context={state.context} {...(state.fleet ? { fleet: state.fleet } : {})} sources={state.sources} onCall={onCall} onCallUnknown={unreachedText(state, 'pagerduty')} paused={state.paused} now={state.now} slowMs={slowMs} width={l.width} theme={theme} />
      {body}
      <StatusBar status={shownStatus(state)} prompt={prompt(state)} hints={hints} busy={state.busy} width={l.width} theme={theme} />
    </Box>
  );
}
