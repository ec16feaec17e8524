import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { formatDuration, parseDuration } from '../../domain/duration.js';
import type { ReportRow, Stats } from '../../domain/report.js';
import { pagerdutyFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { printJson, printTable } from '../output.js';
import { incidentReport } from '../report.js';

interface ReportOptions {
  since: string;
  service?: string;
}

const dur = (s: number | null) => (s === null ? '-' : formatDuration(s * 1000));
const trio = (s: Stats) => `${dur(s.mean)} / ${dur(s.p50)} / ${dur(s.p90)}`;
const share = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

export const reportCommand: OncallCommand<ReportOptions> = {
  command: 'report',
  describe: 'MTTA and MTTR per service and urgency, and how many incidents met the response targets',
  builder: (y: Argv<CliArgs>) =>
    y
      .option('since', { type: 'string', default: '30d', requiresArg: true, describe: 'the period: incidents created this long ago until now' })
      .option('service', { type: 'string', requiresArg: true, describe: 'one service (its PagerDuty name)' })
      .example('$0 report --since 7d -o json', 'last week, for a script') as Argv<CliArgs & ReportOptions>,
  handler: async (args) => {
    const { io } = args;
    const span = parseDuration(args.since);
    const ctx = await loadContext(args, io.env, { need: ['pagerduty'] });
    const pd = await pagerdutyFor(ctx);
    const r = await incidentReport(pd, { spanMs: span, ...(args.service ? { service: args.service } : {}), targets: ctx.responseTargets, cacheDir: dirname(ctx.configPath) });
    const { since, until, source, overall, services } = r;
    const report = { overall, services };
    if (r.fallbackReason) io.stderr.write(`PagerDuty analytics not available (${r.fallbackReason}); computed from each incident's log\n`);
    if (args.output === 'json') return printJson({ since, until, source, ...report }, io.stdout);
    const row = (r: ReportRow) => ({ service: r.service, urgency: r.urgency, incidents: String(r.incidents), mtta: trio(r.mtta), mttr: trio(r.mttr), targets: share(r.targetsMet) });
    printTable([...report.services.map(row), row(report.overall)], [
      { key: 'service', header: 'service', max: 24 },
      { key: 'urgency', header: 'urgency', max: 7 },
      { key: 'incidents', header: 'incidents', max: 9 },
      { key: 'mtta', header: 'MTTA mean / p50 / p90', max: 26 },
      { key: 'mttr', header: 'MTTR mean / p50 / p90', max: 26 },
      { key: 'targets', header: 'targets met' },
    ], io.stdout);
    io.stderr.write(`${overall.incidents} incidents created since ${since.toISOString()}; source: ${source === 'analytics' ? 'PagerDuty analytics' : 'incident log entries'}\n`);
  },
};
