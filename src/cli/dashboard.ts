import { usageError } from '../domain/errors.js';
import type { PagerDutyClient } from '../sources/pagerduty/client.js';
import { NO_RETRY } from '../sources/ratelimit.js';
import type { IncidentSource } from '../state/ports.js';
import { prefetchFirstPoll } from '../state/prefetch.js';
import { routesReader } from '../sources/alertmanager/routing.js';
import { buildTimeline } from './timeline.js';
import { RunbookCache, runbookFinders } from '../state/runbooks.js';
import { runDashboard, type DashboardDeps, type UiModule } from './session.js';
import { alertmanagerFor, auditFor, OPEN_INCIDENTS, pagerdutyFor } from './clients.js';
import type { CliArgs } from './command.js';
import { loadContext, type ResolvedContext } from './context.js';
import { dashboardReports } from './dashboardReports.js';
import { dashboardSlos } from './dashboardSlos.js';
import { contextList, fleetDashboardDeps } from './fleetDashboard.js';
import { colorLevel, type ColorLevel } from './output.js';

export interface DashboardFlags extends CliArgs {
  ascii?: boolean;
  hyperlinks?: boolean;
}

/**
 * The dashboard lists what needs attention: open incidents (however old: an incident acknowledged
 * five weeks ago and still open matters), and who is on call now. The client is built on first use
 * and again after a failure, so a token command that failed once (a locked password store) is tried
 * again at the next poll instead of leaving PagerDuty failing until a restart.
 */
function incidentSource(ctx: ResolvedContext): IncidentSource {
  let client: Promise<PagerDutyClient> | undefined;
  const pd = () =>
    (client ??= pagerdutyFor(ctx).catch((err: unknown) => {
      client = undefined;
      throw err;
    }));
  // Every other method passes straight through to the client once it is built.
  type Passed =
    | 'incident' | 'acknowledge' | 'resolve' | 'addNote' | 'notes' | 'escalationPolicy' | 'logEntries' | 'priorities' | 'users' | 'schedule'
    | 'escalate' | 'reassign' | 'snooze' | 'setPriority' | 'merge' | 'schedules' | 'addOverride';
  const through =
    <K extends Passed>(name: K) =>
    async (...args: Parameters<PagerDutyClient[K]>): Promise<Awaited<ReturnType<PagerDutyClient[K]>>> => {
      const client = await pd();
      return (client[name] as (...a: Parameters<PagerDutyClient[K]>) => Promise<Awaited<ReturnType<PagerDutyClient[K]>>>).apply(client, args);
    };
  return {
    incidents: async () => (await pd()).incidents(OPEN_INCIDENTS),
    oncalls: async () => (await pd()).oncalls({ earliest: true }),
    incident: through('incident'),
    acknowledge: through('acknowledge'),
    resolve: through('resolve'),
    addNote: through('addNote'),
    notes: through('notes'),
    // Reads only: the next escalation in the details, and settling a workflow write an earlier run left unfinished.
    escalationPolicy: through('escalationPolicy'),
    logEntries: through('logEntries'),
    priorities: through('priorities'),
    users: through('users'),
    schedule: through('schedule'),
    // The workflow writes behind E, A, S, P, M and :take; without them each key says the source cannot.
    escalate: through('escalate'),
    reassign: through('reassign'),
    snooze: through('snooze'),
    setPriority: through('setPriority'),
    merge: through('merge'),
    schedules: through('schedules'),
    addOverride: through('addOverride'),
  };
}

/**
 * Alertmanager and PagerDuty hand a 429 straight back: their pollers schedule the next poll when the
 * server said and the header shows when. Prometheus does the same through dashboardSlos.ts.
 */
function pollersWaitOnRateLimits(ctx: ResolvedContext): ResolvedContext {
  return {
    ...ctx,
    alertmanagers: ctx.alertmanagers.map((t) => ({ ...t, rateLimit: NO_RETRY })),
    ...(ctx.pagerduty ? { pagerduty: { ...ctx.pagerduty, transport: { ...ctx.pagerduty.transport, rateLimit: NO_RETRY } } } : {}),
  };
}

export async function dashboardDeps(resolved: ResolvedContext, args: DashboardFlags): Promise<DashboardDeps> {
  const { io } = args;
  const ctx = pollersWaitOnRateLimits(resolved);
  const pagerduty = ctx.pagerduty ? incidentSource(ctx) : undefined;
  const alertmanager = ctx.alertmanagers.length ? alertmanagerFor(ctx) : undefined;
  return {
    context: {
      name: ctx.name,
      isProd: /prod/i.test(ctx.name),
      readOnly: ctx.readOnly,
      ...(ctx.readOnlyReason ? { readOnlyReason: ctx.readOnlyReason } : {}),
      author: ctx.author,
      maxSilenceMs: ctx.maxSilenceMs,
      ackSilenceMs: ctx.ackSilenceMs,
      responseTargets: ctx.responseTargets,
      ...(ctx.pagerduty?.from ? { pdFrom: ctx.pagerduty.from } : {}),
    },
    ...(alertmanager ? { alertmanager } : {}),
    ...(alertmanager && pagerduty ? { loadRoutes: routesReader(() => alertmanager.status()) } : {}),
    loadTimeline: async (q) => {
      const end = new Date();
      const r = await buildTimeline(resolved, { start: new Date(end.getTime() - q.sinceMs), end, matchers: q.matchers, ...(q.incident ? { incident: q.incident } : {}) }, end);
      // The view lists what could not be read under the events; a partial answer belongs there too.
      return { events: r.events, failures: [...r.failures, ...r.warnings] };
    },
    ...(pagerduty ? { pagerduty } : {}),
    reports: dashboardReports(resolved),
    ...(ctx.prometheus ? { slos: dashboardSlos({ ...ctx, prometheus: ctx.prometheus }) } : {}),
    audit: auditFor(ctx),
    // As `oncall runbook` finds them: the runbook_url with the Alertmanager transports' settings, then the folders.
    runbooks: new RunbookCache(runbookFinders({ folders: ctx.runbooks, transports: ctx.alertmanagers, env: io.env })),
    env: io.env,
    poll: ctx.poll,
    display: {
      ascii: args.ascii === true || io.env.ONCALL_ASCII === '1',
      ...colorDisplay(colorLevel(args, io.env, io.stdout)),
      hyperlinks: args.hyperlinks !== false && io.env.TERM !== 'dumb',
    },
    // --prometheus-url and --alertmanager-url were given for the context the dashboard opened with.
    switchContext: (name: string) => depsFor(name, { ...args, prometheusUrl: undefined, alertmanagerUrl: undefined }),
  };
}

/** One context's deps, or (`a,b`) every listed context's in one dashboard (fleetDashboard.ts). */
function depsFor(value: string | undefined, args: DashboardFlags): Promise<DashboardDeps> {
  const names = contextList(value);
  if (!names) return loadContext({ ...args, ...(value !== undefined ? { context: value } : {}) }, args.io.env).then((ctx) => dashboardDeps(ctx, args));
  return fleetDashboardDeps(names, args, async (name) => dashboardDeps(await loadContext({ ...args, context: name }, args.io.env), { ...args, context: name }));
}

function colorDisplay(level: ColorLevel): { color: boolean; colorLevel: ColorLevel } {
  return { color: level > 0, colorLevel: level };
}

// A variable specifier: bundlers leave it alone, so a bundle of the headless commands never pulls in
// ink. The single-file build (src/bundle.ts) registers a static loader instead.
const UI_MODULE = '../ui/mount.js';
let loadUi: () => Promise<UiModule> = () => import(UI_MODULE) as Promise<UiModule>;
let ui: Promise<UiModule> | undefined;

export function setUiLoader(loader: () => Promise<UiModule>): void {
  loadUi = loader;
}

/**
 * Starts loading ink and the dashboard (the largest part of the program to read and compile), so
 * that it overlaps with reading the config and the first requests. Only for the dashboard: headless
 * commands must never load ink or react.
 */
export function preloadUi(): Promise<UiModule> {
  if (!ui) {
    // Ink renders only the last frame when it thinks it runs in CI (CI or CONTINUOUS_INTEGRATION set),
    // and decides when it loads. A dashboard with a terminal attached is interactive whatever the
    // shell exported, so tell it before it loads. Only then: Node's colour detection (colorLevel) reads
    // any CI variable as "no colour", so setting one where there was none turned colour off everywhere.
    for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) if (key in process.env) process.env[key] = 'false';
    ui = loadUi();
    // Awaited by openDashboard, which reports a failure; until then it is not unhandled.
    ui.catch(() => {});
  }
  return ui;
}

/** `oncall` with no command: load the context, then the dashboard. */
export async function openDashboard(args: DashboardFlags): Promise<number> {
  const { io } = args;
  // Its keys write at once; a dry run that let them through would be a lie.
  if (args.dryRun) {
    throw usageError('the dashboard has no dry run: its keys send what they confirm', 'open it with --readonly to look without writing, or give --dry-run to a headless command (`oncall silence add … --dry-run`)');
  }
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    throw usageError('the dashboard needs a terminal (stdin and stdout are not both a TTY)', 'use a headless command instead: `oncall --help` lists them');
  }
  const loading = preloadUi();
  // The first poll starts now, while the UI is still loading.
  const deps = contextList(args.context) ? await depsFor(args.context, args) : prefetchFirstPoll(await dashboardDeps(await loadContext(args, io.env), args));
  await runDashboard(deps, await loading);
  return 0;
}
