import { Box } from 'ink';
import { useMemo, useRef } from 'react';
import { alertRows, cursorOf, incidentRowsOf, shownAlertCount, silenceRows, sloEmptyText, sloRows } from '../../state/selectors.js';
import type { RunbookCache } from '../../state/runbooks.js';
import { acksOf, joinOf } from '../../state/join.js';
import { levelsOf, responsesOf } from '../../state/response.js';
import { unreachedText } from '../../state/reach.js';
import type { DashboardState, Pane, SourceName } from '../../state/types.js';
import { AlertList } from '../components/AlertList.js';
import { DetailPane } from '../components/DetailPane.js';
import { IncidentList } from '../components/IncidentList.js';
import { PaneTitle } from '../components/PaneTitle.js';
import { SilenceList } from '../components/SilenceList.js';
import { SloStrip } from '../components/SloStrip.js';
import { detailLines, type DetailLine } from '../detail.js';
import { useSameLines } from '../hooks/useSameLines.js';
import { useSettled } from '../hooks/useSettled.js';
import type { Layout } from '../layout.js';
import type { Theme } from '../theme.js';
import { RunbookSection } from './RunbookSection.js';

export interface MainProps {
  state: DashboardState;
  layout: Layout;
  theme: Theme;
  runbooks?: RunbookCache;
  /** Changes whenever the runbook cache does. */
  runbookVersion?: number;
}

function staleNote(state: DashboardState, source: 'alertmanager' | 'pagerduty' | 'prometheus'): string {
  const h = state.sources[source];
  if (h.status === 'off') return 'not configured';
  // Nothing to call stale before the first answer: the pane itself says unknown, and why.
  if (unreachedText(state, source)) return '';
  // Why the data is old, right where the old data is: "STALE: alertmanager: connection refused — …".
  return h.status === 'failing' ? `STALE: ${h.lastError ?? 'failing'}` : '';
}

/** Rules Prometheus could not list (one Mimir tenant's ruler down): the SLOs found there are missing. */
function unreadNote(state: DashboardState): string {
  const unread = state.sloSkipped.find((s) => s.unread);
  return unread ? `SLOs MISSING: ${unread.reason}` : '';
}

const DETAIL_DELAY_MS = 120;
const NO_LINES: DetailLine[] = [];

/** Over several contexts, the context column: as wide as the longest name, at most 8 on a narrow screen. */
function contextColumn(state: DashboardState, width: number): number {
  if (!state.fleet) return 0;
  return Math.min(Math.max(...state.fleet.map((c) => c.name.length)), width < 100 ? 8 : 14);
}

/** The body: SLO strip, alerts, incidents (or the silences view), and the detail pane. */
export function Main({ state, layout: l, theme, runbooks, runbookVersion = 0 }: MainProps) {
  // The detail pane waits for the cursor to rest; data updates still show at once when it has.
  const selection = `${state.view}|${state.focus}|${state.cursor[state.focus]}|${state.filter[state.focus]}`;
  const rested = useSettled(selection, DETAIL_DELAY_MS) === selection;
  const previous = useRef<DetailLine[]>([]);
  const settledLines = useSameLines(useMemo(() => (rested && l.detail !== 'none' ? detailLines(state, theme) : previous.current), [rested, state, theme, l.detail]));
  previous.current = settledLines;
  const bodyLines = useSameLines(l.bodyDetail ? detailLines(state, theme) : NO_LINES);
  // Over several contexts an SLO row is stale when its own context's Prometheus fails, not another's.
  const failingPrometheus = state.fleet?.filter((c) => c.sources.prometheus.status === 'failing').map((c) => c.name).join(',') ?? '';
  const staleContexts = useMemo(() => new Set(failingPrometheus ? failingPrometheus.split(',') : []), [failingPrometheus]);
  const runbook = (height: number, width: number) => (
    <RunbookSection key="rb" state={state} runbooks={runbooks} version={runbookVersion} rested={rested} height={height} width={width} theme={theme} />
  );
  if (l.runbookOnly) return <Box flexDirection="column" height={l.body}>{runbook(l.body, l.width)}</Box>;
  const focused = (p: Pane) => state.focus === p;
  const title = (p: Pane, text: string, extra: string[]) => (
    <PaneTitle title={text} detail={extra.filter(Boolean).join(' · ')} focused={focused(p)} width={l.listWidth} theme={theme} />
  );
  const filterNote = (p: Pane) => (state.filter[p] ? `filter: ${state.filter[p]}` : '');
  // With a filter on, the count says how many of how many matched: "1 of 24 firing"; "?" before the source's first answer.
  const unknown = { alertmanager: unreachedText(state, 'alertmanager'), pagerduty: unreachedText(state, 'pagerduty'), prometheus: unreachedText(state, 'prometheus') };
  const count = (p: Pane, shown: number, total: number, noun = '', source?: SourceName) =>
    `${source && unknown[source] ? '?' : state.filter[p] ? `${shown} of ${total}` : total}${noun ? ` ${noun}` : ''}`;
  const cw = contextColumn(state, l.listWidth);
  const marksNote = (p: Pane) => (state.marks[p].length ? `${state.marks[p].length} marked` : '');
  const lists = [];
  if (l.bodyDetail) {
    const focusedHere = !state.runbook.focused;
    lists.push(<PaneTitle key="dt" title="Details" detail={focusedHere && l.runbook > 0 ? 'esc closes · tab runbook' : 'esc closes'} focused={focusedHere} width={l.width} theme={theme} />);
    const more = state.detailMaximized || l.runbook === 0 ? 'j/k scroll' : 'j/k scroll · z maximises';
    lists.push(<DetailPane key="d" lines={bodyLines} height={l.detailRows} width={l.width} theme={theme} scroll={state.detailScroll} more={more} />);
    if (l.runbook > 0) lists.push(runbook(l.runbook + 1, l.width));
    return <Box flexDirection="column" height={l.body}>{lists}</Box>;
  }
  if (l.slo > 0) {
    const rows = sloRows(state.slos, state.filter.slo);
    lists.push(<Box key="slo" flexDirection="column">{title('slo', 'SLOs', [count('slo', rows.length, state.slos.length, '', 'prometheus'), staleNote(state, 'prometheus'), unreadNote(state), filterNote('slo')])}
      <SloStrip rows={rows} cursor={cursorOf(state, 'slo')} height={l.slo} width={l.listWidth} focused={focused('slo')} stale={!state.fleet && state.sources.prometheus.status === 'failing'} staleContexts={staleContexts} theme={theme} empty={unknown.prometheus ?? sloEmptyText(state.sloSkipped, state.slos.length > 0)} contextWidth={cw} /></Box>);
  }
  if (l.alerts > 0) {
    const rows = alertRows(state.alerts, state.filter.alerts);
    lists.push(<Box key="alerts" flexDirection="column">{title('alerts', 'Alerts', [count('alerts', shownAlertCount(state.alerts, state.filter.alerts), state.alerts.length, 'firing', 'alertmanager'), staleNote(state, 'alertmanager'), filterNote('alerts'), marksNote('alerts')])}
      <AlertList rows={rows} cursor={cursorOf(state, 'alerts')} marks={state.marks.alerts} height={l.alerts} width={l.listWidth} focused={focused('alerts')} now={state.now} theme={theme} links={joinOf(state)?.byAlert} acks={acksOf(state)} empty={unknown.alertmanager} contextWidth={cw} /></Box>);
  }
  if (l.incidents > 0) {
    const rows = incidentRowsOf(state);
    lists.push(<Box key="incidents" flexDirection="column">{title('incidents', 'Incidents', [count('incidents', rows.length, state.incidents.length, '', 'pagerduty'), staleNote(state, 'pagerduty'), filterNote('incidents'), marksNote('incidents')])}
      <IncidentList rows={rows} cursor={cursorOf(state, 'incidents')} marks={state.marks.incidents} height={l.incidents} width={l.listWidth} focused={focused('incidents')} now={state.now} theme={theme} groups={joinOf(state)?.byIncident} responses={responsesOf(state)} levels={levelsOf(state)} empty={unknown.pagerduty} contextWidth={cw} /></Box>);
  }
  if (l.silences > 0) {
    const rows = silenceRows(state.silences, state.alerts, state.filter.silences);
    const idle = rows.filter((r) => r.matching === 0).length;
    lists.push(<Box key="silences" flexDirection="column">{title('silences', 'Silences', [count('silences', rows.length, state.silences.filter((s) => s.state !== 'expired').length, 'active/pending', 'alertmanager'), idle ? `${idle} match nothing` : '', staleNote(state, 'alertmanager'), filterNote('silences'), marksNote('silences')])}
      <SilenceList rows={rows} cursor={cursorOf(state, 'silences')} marks={state.marks.silences} height={l.silences} width={l.listWidth} focused={focused('silences')} now={state.now} theme={theme} empty={unknown.alertmanager} contextWidth={cw} /></Box>);
  }
  const column = <Box flexDirection="column" width={l.listWidth}>{lists}</Box>;
  if (l.detail === 'none') return <Box flexDirection="column" height={l.body}>{column}</Box>;
  const detail = (
    <Box flexDirection="column" width={l.detailWidth}>
      <PaneTitle title="Details" focused={false} width={l.detailWidth} theme={theme} />
      <DetailPane lines={settledLines} height={l.detailRows} width={l.detailWidth} theme={theme} more="enter opens them" />
      {l.runbook > 0 ? runbook(l.runbook + 1, l.detailWidth) : null}
    </Box>
  );
  if (l.detail === 'right') {
    return (
      <Box flexDirection="row" height={l.body}>
        {column}
        <Box width={1} />
        {detail}
      </Box>
    );
  }
  return <Box flexDirection="column" height={l.body}>{column}{detail}</Box>;
}
