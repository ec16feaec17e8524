import { render } from 'ink-testing-library';
import type { Alert, Incident, OnCall, Silence } from '../../src/domain/types.js';
import type { SloReport } from '../../src/domain/slo/types.js';
import type { AlertSource, IncidentSource, ReportLoaders, SloSource } from '../../src/state/ports.js';
import type { RunbookCache } from '../../src/state/runbooks.js';
import { createStore } from '../../src/state/store.js';
import type { DashboardState } from '../../src/state/types.js';
import { App } from '../../src/ui/App.js';
import { createDispatcher } from '../../src/dispatch/dispatch.js';
import type { DispatchDeps } from '../../src/dispatch/types.js';
import { makeTheme } from '../../src/ui/theme.js';
import { state as baseState, T0 } from '../state/fixtures.js';

export interface Harness {
  store: ReturnType<typeof createStore>;
  /** Its `settled()` waits for the effects the keys fired (reads, writes) to finish. */
  dispatcher: ReturnType<typeof createDispatcher>;
  calls: string[];
  quit: { called: boolean };
  refreshed: { count: number };
  /** What `c` wrote to the terminal outside the frame (OSC 52). */
  emitted: string[];
}

export function mount(opts: {
  state?: Partial<DashboardState>;
  alerts?: Alert[];
  incidents?: Incident[];
  silences?: Silence[];
  oncalls?: OnCall[];
  slos?: SloReport[];
  am?: Partial<AlertSource>;
  pd?: Partial<IncidentSource>;
  size?: { columns: number; rows: number };
  ascii?: boolean;
  color?: boolean;
  hyperlinks?: boolean;
  /** Turns the runbook pane on. */
  runbooks?: RunbookCache;
  env?: Record<string, string | undefined>;
  loadTimeline?: DispatchDeps['loadTimeline'];
  /** `:report` and `:handover`. */
  reports?: ReportLoaders;
  /** The SLO source the details read an SLO's history from. */
  sloSource?: SloSource;
}) {
  const calls: string[] = [];
  const base = baseState({ alerts: opts.alerts ?? [], incidents: opts.incidents ?? [], silences: opts.silences ?? [], oncalls: opts.oncalls ?? [], slos: opts.slos ?? [], ...opts.state });
  const store = createStore(opts.runbooks ? { ...base, runbook: { ...base.runbook, enabled: true } } : base);
  /** What `c` wrote to the terminal outside the frame (OSC 52). */
  const emitted: string[] = [];
  const am: AlertSource = {
    alerts: async () => [],
    silences: async () => opts.silences ?? [],
    createSilence: async (d) => {
      calls.push(`createSilence ${d.matchers.map((m) => `${m.name}=${m.value}`).join(',')} ${d.comment}`);
      return 'sil-new';
    },
    updateSilence: async (d) => d.id,
    expireSilence: async (id) => {
      calls.push(`expire ${id}`);
    },
    ...opts.am,
  };
  const pd: IncidentSource = {
    incidents: async () => [],
    oncalls: async () => [],
    acknowledge: async (ids) => {
      calls.push(`ack ${ids.join(',')}`);
      return (opts.incidents ?? []).filter((i) => ids.includes(i.id)).map((i) => ({ ...i, status: 'acknowledged' as const }));
    },
    resolve: async (ids) => {
      calls.push(`resolve ${ids.join(',')}`);
      return (opts.incidents ?? []).filter((i) => ids.includes(i.id)).map((i) => ({ ...i, status: 'resolved' as const }));
    },
    addNote: async (id, content) => {
      calls.push(`note ${id} ${content}`);
      return {};
    },
    incident: async (id) => ({ ...(opts.incidents ?? []).find((i) => i.id === id)!, id }),
    notes: async () => [],
    ...opts.pd,
  };
  const quit = { called: false };
  const refreshed = { count: 0 };
  const pageSize: { current: number; detailMax?: number } = { current: 10 };
  const dispatcher = createDispatcher({
    store,
    alertmanager: am,
    pagerduty: pd,
    context: { name: 'staging', author: 'ada@example.com', pdFrom: 'ada@example.com' },
    now: () => new Date(T0),
    refreshNow: () => refreshed.count++,
    setPaused: (p) => store.dispatch({ type: 'paused', paused: p }),
    quit: () => (quit.called = true),
    pageSize: () => pageSize.current,
    detailMax: () => pageSize.detailMax ?? 0,
    runbooks: opts.runbooks,
    emit: (seq) => emitted.push(seq),
    env: opts.env ?? {},
    ascii: opts.ascii ?? false,
    ...(opts.loadTimeline ? { loadTimeline: opts.loadTimeline } : {}),
    ...(opts.reports ? { reports: opts.reports } : {}),
    ...(opts.sloSource ? { slos: opts.sloSource } : {}),
  });
  const theme = makeTheme({ ascii: opts.ascii ?? false, color: opts.color ?? false, hyperlinks: opts.hyperlinks ?? false });
  const r = render(<App store={store} dispatcher={dispatcher} theme={theme} slowMs={3000} size={opts.size ?? { columns: 80, rows: 24 }} pageSize={pageSize} runbooks={opts.runbooks} />);
  return { ...r, store, dispatcher, calls, quit, refreshed, emitted } satisfies Harness & typeof r;
}
