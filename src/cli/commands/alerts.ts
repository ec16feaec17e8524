import type { Argv } from 'yargs';
import { formatDuration, parseDuration } from '../../domain/duration.js';
import { EXIT_FAILURE } from '../../domain/exit.js';
import { parseMatchers } from '../../domain/matchers.js';
import type { IncidentLink } from '../../domain/correlation.js';
import type { Alert, Matcher } from '../../domain/types.js';
import { alertmanagerFor } from '../clients.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { age } from '../format.js';
import { ackJson, ackView } from '../acks.js';
import { joinAlertsAndIncidents } from '../join.js';
import { resolvedRuns } from '../timeline.js';
import { printJson, printJsonList, printTable } from '../output.js';
import { warnDeadPeers } from './peers.js';

interface AlertsOptions {
  matchers: string[];
  silenced?: boolean;
  inhibited?: boolean;
  all?: boolean;
  incidents?: boolean;
  resolvedWithin?: string;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Most urgent first, then oldest first: what an on-call engineer reads top-down. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  const rank = (a: Alert) => SEVERITY_ORDER[a.labels.severity ?? ''] ?? 4;
  return [...alerts].sort((a, b) => rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * One alert as `-o json` prints it: the alert's fields in their order, then `ack` and, when the join was
 * asked for, `incidents` (undefined leaves it out, as it does endsAt). Dates are written as ISO text here,
 * as JSON.stringify would write them: its calls to every Date's toJSON made printing 10,000 alerts several
 * times slower. `satisfies` keeps the list whole when Alert gains a field.
 */
function alertJson(a: Alert, ack: ReturnType<typeof ackJson>, incidents: IncidentLink[] | null | undefined, iso: (d: Date) => string): Record<string, unknown> {
  return {
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: iso(a.startsAt),
    endsAt: a.endsAt && iso(a.endsAt),
    updatedAt: a.updatedAt && iso(a.updatedAt),
    generatorURL: a.generatorURL,
    state: a.state,
    silencedBy: a.silencedBy,
    inhibitedBy: a.inhibitedBy,
    receivers: a.receivers,
    context: a.context,
    ack,
    incidents,
  } satisfies Record<keyof Alert | 'ack' | 'incidents', unknown>;
}

/**
 * Date to ISO text as JSON.stringify writes it, each distinct time formatted once: alerts of one rule
 * evaluation share startsAt and endsAt, and toISOString costs most of a microsecond. toISOString, not
 * toJSON (a third dearer): the client's mapper keeps no invalid Date.
 */
function isoWriter(): (d: Date) => string {
  const written = new Map<number, string>();
  return (d) => {
    const ms = d.getTime();
    let text = written.get(ms);
    if (text === undefined) {
      text = d.toISOString();
      written.set(ms, text);
    }
    return text;
  };
}

function stateOf(a: Alert): string {
  if (a.silencedBy.length) return 'silenced';
  if (a.inhibitedBy.length) return 'inhibited';
  return a.state === 'active' ? 'firing' : a.state;
}

async function printResolved(args: CliArgs, matchers: Matcher[], spanMs: number): Promise<void> {
  const ctx = await loadContext(args, args.io.env, { need: ['prometheus', 'alertmanager'] });
  const end = new Date();
  const warned: string[] = [];
  const runs = await resolvedRuns(ctx, { start: new Date(end.getTime() - spanMs), end, matchers }, warned);
  // Runs a partial answer (Thanos with a store down) lacks would look like nothing resolved.
  for (const w of new Set(warned)) args.io.stderr.write(`alerts: ${w}\n`);
  if (args.output === 'json') return printJson(runs, args.io.stdout);
  printTable(
    runs.map((r) => ({
      alertname: r.labels.alertname ?? '',
      service: r.labels.service ?? r.labels.job ?? '',
      fired: r.firedAt.toISOString().slice(11, 19),
      resolved: r.resolvedAt!.toISOString().slice(11, 19),
      lasted: formatDuration(r.resolvedAt!.getTime() - r.firedAt.getTime()),
      note: r.afterSilence ? `came back when silence ${r.afterSilence.id.slice(0, 8)} expired` : '',
    })),
    [
      { key: 'alertname', header: 'alertname', max: 32 },
      { key: 'service', header: 'service', max: 20 },
      { key: 'fired', header: 'fired (UTC)', max: 11 },
      { key: 'resolved', header: 'resolved', max: 9 },
      { key: 'lasted', header: 'lasted', max: 9 },
      { key: 'note', header: 'note' },
    ],
    args.io.stdout,
  );
  if (runs.length === 0) args.io.stderr.write('no alert fired and resolved in the window\n');
}

export const alertsCommand: OncallCommand<AlertsOptions> = {
  command: 'alerts [matchers..]',
  describe: 'list firing alerts from Alertmanager (amtool matcher syntax; a bare first word is an alertname)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('matchers', { type: 'string', array: true, default: [], describe: 'e.g. severity=critical service=~"api|web"' })
      .option('silenced', { alias: 's', type: 'boolean', describe: 'include silenced alerts' })
      .option('inhibited', { alias: 'i', type: 'boolean', describe: 'include inhibited alerts' })
      .option('all', { alias: 'a', type: 'boolean', describe: 'include silenced and inhibited alerts' })
      .option('resolved-within', { type: 'string', requiresArg: true, describe: 'alerts that fired and resolved within this window (from Prometheus\' ALERTS history), e.g. 1h' })
      .option('incidents', { type: 'boolean', default: true, describe: 'join each alert to its PagerDuty incidents (--no-incidents skips it and its requests)' })
      .example('$0 alerts severity=critical', 'critical alerts that are firing and not silenced')
      .example('$0 alerts HighErrorRate -o json', 'one alertname, as JSON') as Argv<CliArgs & AlertsOptions>,
  handler: async (args) => {
    const matchers = parseMatchers(args.matchers ?? []);
    if (args.resolvedWithin !== undefined) return printResolved(args, matchers, parseDuration(args.resolvedWithin));
    const join = args.incidents !== false;
    const ctx = await loadContext(args, args.io.env, { need: join ? ['alertmanager', 'pagerduty'] : ['alertmanager'] });
    const am = alertmanagerFor(ctx);
    // Silenced alerts are asked for too: those under an ack silence are acknowledged, not hidden.
    const fetched = await am.alerts({ active: true, silenced: true, inhibited: Boolean(args.all || args.inhibited), matchers });
    warnDeadPeers(am, args.io);
    const view = await ackView(am, fetched);
    const alerts = args.all || args.silenced ? fetched : fetched.filter((a) => !view.silenced.has(a.fingerprint));
    const sorted = sortAlerts(alerts);
    // null: the join was not made (PagerDuty not configured, or it or the routes could not be read).
    let linksOf = (_a: Alert): IncidentLink[] | null => null;
    let unjoined = false;
    if (join && ctx.pagerduty) {
      // The alerts just read: each alert's group depends on its own labels only.
      const joined = await joinAlertsAndIncidents(am, ctx, { alerts: fetched });
      if (joined.correlation) linksOf = (a) => joined.correlation.byAlert.get(a.fingerprint) ?? [];
      else {
        args.io.stderr.write(`incidents not joined: ${joined.failure}\n`);
        unjoined = true;
      }
    }
    // The alerts are printed either way; PagerDuty (or the routes) not read still shows in the exit code.
    const done = () => {
      if (unjoined) throw new SilentExit(EXIT_FAILURE);
    };
    if (args.output === 'json') {
      const iso = isoWriter();
      // 'finite': an alert's JSON holds no numbers but incident numbers, which PagerDuty's JSON gave.
      printJsonList(sorted, (a) => alertJson(a, ackJson(view.acks.get(a.fingerprint)), join ? linksOf(a) : undefined, iso), args.io.stdout, 'finite');
      return done();
    }
    const now = new Date();
    printTable(
      sorted.map((a) => ({
        alertname: a.labels.alertname ?? '',
        severity: a.labels.severity ?? '',
        service: a.labels.service ?? a.labels.job ?? '',
        instance: a.labels.instance ?? '',
        age: age(a.startsAt, now),
        state: view.acks.has(a.fingerprint) && !view.silenced.has(a.fingerprint) ? `acked by ${view.acks.get(a.fingerprint)!.by.split('@')[0]} ${age(view.acks.get(a.fingerprint)!.at, now)}` : stateOf(a),
        incident: (linksOf(a) ?? []).map((l) => `#${l.number}${l.link === 'likely' ? '?' : ''} ${l.status === 'acknowledged' ? 'ACK' : l.status === 'triggered' ? 'TRIG' : 'RES'}`).join(' '),
        summary: a.annotations.summary ?? a.annotations.description ?? '',
      })),
      [
        { key: 'alertname', header: 'alertname', max: 32 },
        { key: 'severity', header: 'severity', max: 9 },
        { key: 'service', header: 'service', max: 20 },
        { key: 'instance', header: 'instance', max: 24 },
        { key: 'age', header: 'age', max: 8 },
        { key: 'state', header: 'state', max: 24 },
        ...(ctx.pagerduty && join ? [{ key: 'incident', header: 'incident', max: 16 }] : []),
        { key: 'summary', header: 'summary' },
      ],
      args.io.stdout,
    );
    if (sorted.length === 0) args.io.stderr.write('no alerts match\n');
    done();
  },
};
