import type { Argv } from 'yargs';
import { OncallError, isOncallError } from '../../domain/errors.js';
import { readExitCode } from '../../domain/exit.js';
import { formatPercent } from '../../domain/slo/format.js';
import type { SloReport } from '../../domain/slo/types.js';
import type { Alert, Incident } from '../../domain/types.js';
import { redactText } from '../../sources/errors.js';
import { ackView, type AckView } from '../acks.js';
import { alertmanagerFor, OPEN_INCIDENTS, pagerdutyFor } from '../clients.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext, type ResolvedContext } from '../context.js';
import { colorEnabled, paint, printJson } from '../output.js';
import { isBreach, slosFor } from '../slos.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string } | { ok: false; skipped: true };

async function attempt<T>(configured: boolean, run: () => Promise<T>): Promise<Outcome<T>> {
  if (!configured) return { ok: false, skipped: true };
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return { ok: false, error: isOncallError(err) ? err.toLine() : redactText(err instanceof Error ? err.message : String(err)) };
  }
}

export interface StatusSummary {
  context: string;
  slos?: Array<Pick<SloReport, 'id' | 'name' | 'status' | 'compliance' | 'objective'>>;
  /** What Prometheus' answers warned of (Thanos: a store did not answer), each once: the SLO figures may be partial. */
  sloWarnings?: string[];
  alerts?: { firing: number; critical: number; acked: number; silenced: number; inhibited: number };
  incidents?: { triggered: number; acknowledged: number };
  failures: Record<string, string>;
  breach: boolean;
}

export async function statusSummary(ctx: ResolvedContext, now: Date): Promise<StatusSummary> {
  const [slos, alerts, incidents] = await Promise.all([
    attempt(Boolean(ctx.prometheus), () => slosFor(ctx, { now: () => now }).load()),
    attempt(ctx.alertmanagers.length > 0, async () => {
      const am = alertmanagerFor(ctx);
      const list = await am.alerts({ active: true, silenced: true, inhibited: true });
      return { list, view: await ackView(am, list) };
    }),
    attempt(Boolean(ctx.pagerduty), async () => (await pagerdutyFor(ctx)).incidents(OPEN_INCIDENTS)),
  ]);
  const failures: Record<string, string> = {};
  const summary: StatusSummary = { context: ctx.name, failures, breach: false };
  if (slos.ok) {
    const reports = slos.value.reports;
    summary.slos = reports.map(({ id, name, status, compliance, objective }) => ({ id, name, status, compliance, objective }));
    const warnings = [...new Set(reports.flatMap((r) => r.warnings ?? []))];
    if (warnings.length) summary.sloWarnings = warnings;
    // Prometheus down still yields the configured SLOs, each marked 'error': that is a failed read.
    const failed = reports.find((r) => r.status === 'error');
    if (failed) failures.prometheus = failed.error ?? `SLO ${failed.name} could not be evaluated`;
    // So are rules that could not be read: the SLOs discovered from them are missing.
    else if (slos.value.unread?.length) failures.prometheus = slos.value.unread.join('; ');
  } else if (!('skipped' in slos)) failures.prometheus = slos.error;
  if (alerts.ok) summary.alerts = countAlerts(alerts.value.list, alerts.value.view);
  else if (!('skipped' in alerts)) failures.alertmanager = alerts.error;
  if (incidents.ok) summary.incidents = countIncidents(incidents.value);
  else if (!('skipped' in incidents)) failures.pagerduty = incidents.error;
  summary.breach = Boolean((slos.ok && slos.value.reports.some(isBreach)) || (summary.alerts && summary.alerts.critical > 0));
  return summary;
}

/** Acked: under an ack silence only (someone is on it); silenced: under any other silence. */
function countAlerts(alerts: Alert[], view: AckView): NonNullable<StatusSummary['alerts']> {
  const live = alerts.filter((a) => a.silencedBy.length === 0 && a.inhibitedBy.length === 0);
  return {
    firing: live.length,
    critical: live.filter((a) => a.labels.severity === 'critical').length,
    acked: alerts.filter((a) => view.acks.has(a.fingerprint) && !view.silenced.has(a.fingerprint)).length,
    silenced: alerts.filter((a) => view.silenced.has(a.fingerprint)).length,
    inhibited: alerts.filter((a) => a.silencedBy.length === 0 && a.inhibitedBy.length > 0).length,
  };
}

function countIncidents(list: Incident[]): NonNullable<StatusSummary['incidents']> {
  return { triggered: list.filter((i) => i.status === 'triggered').length, acknowledged: list.filter((i) => i.status === 'acknowledged').length };
}

export function statusExitCode(s: StatusSummary): number {
  return readExitCode({ breach: s.breach, failed: Object.keys(s.failures).length > 0 });
}

export const statusCommand: OncallCommand = {
  command: 'status',
  describe: 'one-glance summary; exit 3 on a breach or a critical alert, 1 when a source fails, 4 for both',
  builder: (y: Argv<CliArgs>) => y,
  handler: async (args) => {
    const { io } = args;
    const ctx = await loadContext(args, io.env);
    if (!ctx.prometheus && ctx.alertmanagers.length === 0 && !ctx.pagerduty) {
      throw new OncallError('config', `context ${ctx.name} has no sources`, { hint: 'run `oncall config init`, or set PROMETHEUS_URL / ALERTMANAGER_URL / PAGERDUTY_API_TOKEN' });
    }
    const s = await statusSummary(ctx, new Date());
    if (args.output === 'json') printJson(s, io.stdout);
    else io.stdout.write(renderStatus(s, colorEnabled(args, io.env, io.stdout)));
    const code = statusExitCode(s);
    if (code !== 0) throw new SilentExit(code);
  },
};

export function renderStatus(s: StatusSummary, color: boolean): string {
  const p = paint(color);
  const lines = [`context ${p.bold(s.context)}`];
  if (s.slos) {
    const bad = s.slos.filter((r) => r.status !== 'healthy');
    lines.push(`slo        ${s.slos.length - bad.length}/${s.slos.length} healthy`);
    for (const r of bad) {
      const tone = r.status === 'at_risk' ? p.yellow : p.red;
      lines.push(`           ${tone(r.status.replace('_', ' '))}: ${r.name} ${formatPercent(r.compliance)} (objective ${formatPercent(r.objective)})`);
    }
    for (const w of s.sloWarnings ?? []) lines.push(`           ${p.yellow('partial answer')}: ${w}`);
  }
  if (s.alerts) {
    const crit = s.alerts.critical ? p.red(`${s.alerts.critical} critical`) : '0 critical';
    lines.push(`alerts     ${s.alerts.firing} firing, ${crit}, ${s.alerts.acked} acked, ${s.alerts.silenced} silenced, ${s.alerts.inhibited} inhibited`);
  }
  if (s.incidents) lines.push(`incidents  ${s.incidents.triggered} triggered, ${s.incidents.acknowledged} acknowledged`);
  for (const [source, error] of Object.entries(s.failures)) lines.push(p.red(`${source.padEnd(10)} failing: ${error}`));
  return `${lines.join('\n')}\n`;
}
