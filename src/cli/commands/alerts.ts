import type { Argv } from 'yargs';
import { parseMatchers } from '../../domain/matchers.js';
import type { Alert } from '../../domain/types.js';
import { alertmanagerFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { age } from '../format.js';
import { printJson, printTable } from '../output.js';
import { warnDeadPeers } from './peers.js';

interface AlertsOptions {
  matchers: string[];
  silenced?: boolean;
  inhibited?: boolean;
  all?: boolean;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Most urgent first, then oldest first: what an on-call engineer reads top-down. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  const rank = (a: Alert) => SEVERITY_ORDER[a.labels.severity ?? ''] ?? 4;
  return [...alerts].sort((a, b) => rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime());
}

function stateOf(a: Alert): string {
  if (a.silencedBy.length) return 'silenced';
  if (a.inhibitedBy.length) return 'inhibited';
  return a.state === 'active' ? 'firing' : a.state;
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
      .example('$0 alerts severity=critical', 'critical alerts that are firing and not silenced')
      .example('$0 alerts HighErrorRate -o json', 'one alertname, as JSON') as Argv<CliArgs & AlertsOptions>,
  handler: async (args) => {
    const matchers = parseMatchers(args.matchers ?? []);
    const ctx = await loadContext(args, args.io.env, { need: ['alertmanager'] });
    const am = alertmanagerFor(ctx);
    const alerts = await am.alerts({
      active: true,
      silenced: Boolean(args.all || args.silenced),
      inhibited: Boolean(args.all || args.inhibited),
      matchers,
    });
    warnDeadPeers(am, args.io);
    const sorted = sortAlerts(alerts);
    if (args.output === 'json') return printJson(sorted, args.io.stdout);
    const now = new Date();
    printTable(
      sorted.map((a) => ({
        alertname: a.labels.alertname ?? '',
        severity: a.labels.severity ?? '',
        service: a.labels.service ?? a.labels.job ?? '',
        instance: a.labels.instance ?? '',
        age: age(a.startsAt, now),
        state: stateOf(a),
        summary: a.annotations.summary ?? a.annotations.description ?? '',
      })),
      [
        { key: 'alertname', header: 'alertname', max: 32 },
        { key: 'severity', header: 'severity', max: 9 },
        { key: 'service', header: 'service', max: 20 },
        { key: 'instance', header: 'instance', max: 24 },
        { key: 'age', header: 'age', max: 8 },
        { key: 'state', header: 'state', max: 9 },
        { key: 'summary', header: 'summary' },
      ],
      args.io.stdout,
    );
    if (sorted.length === 0) args.io.stderr.write('no alerts match\n');
  },
};
