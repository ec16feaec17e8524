import type { Argv } from 'yargs';
import { usageError } from '../../domain/errors.js';
import { readExitCode } from '../../domain/exit.js';
import { formatSloExplain } from '../../domain/slo/explain.js';
import { formatBudgetTime, formatBurn, formatPercent } from '../../domain/slo/format.js';
import type { SloReport } from '../../domain/slo/types.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { printJson, printTable } from '../output.js';
import { isBreach, loadSloReports } from '../slos.js';

interface SloOptions {
  name?: string;
  explain?: boolean;
}

export function sloRows(reports: SloReport[]): Record<string, string>[] {
  return reports.map((r) => ({
    name: r.name,
    service: r.service,
    objective: formatPercent(r.objective),
    compliance: r.error && r.compliance === null ? 'error' : formatPercent(r.compliance),
    budget: r.budget ? formatBudgetTime(r.budget.remainingMs, r.budget.totalMs) : 'no data',
    burn: formatBurn(r.burnRates['1h']),
    alert: r.alert === 'none' ? '' : r.alert,
    status: r.status.replace('_', ' '),
  }));
}

export const SLO_COLUMNS = [
  { key: 'name', header: 'slo' },
  { key: 'service', header: 'service', max: 14 },
  { key: 'objective', header: 'objective', max: 9 },
  { key: 'compliance', header: 'compliance', max: 10 },
  { key: 'budget', header: 'error budget', max: 32 },
  { key: 'burn', header: 'burn 1h', max: 8 },
  { key: 'alert', header: 'alert', max: 6 },
  { key: 'status', header: 'status', max: 9 },
];

export const sloCommand: OncallCommand<SloOptions> = {
  command: 'slo [name]',
  describe: 'SLO/SLA status: compliance, error budget, burn rates (--explain shows the queries and formulas)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('name', { type: 'string', describe: 'one SLO, by name or id (case-insensitive substring)' })
      .option('explain', { type: 'boolean', describe: 'show how every figure was computed: PromQL, raw values, formula' }) as Argv<CliArgs & SloOptions>,
  handler: async (args) => {
    const { io } = args;
    const ctx = await loadContext(args, io.env, { need: ['prometheus'] });
    let reports = await loadSloReports(ctx, new Date(), { trend: args.output === 'json' });
    if (args.name) {
      const want = args.name.toLowerCase();
      reports = reports.filter((r) => r.id.toLowerCase().includes(want) || r.name.toLowerCase().includes(want));
      if (reports.length === 0) throw usageError(`no SLO matches "${args.name}"`, '`oncall slo` lists them all');
    }
    if (args.output === 'json') printJson(reports, io.stdout);
    else if (reports.length === 0) io.stderr.write('no SLOs: none in the config and none discovered from recording rules (Sloth, Pyrra, sla:*)\n');
    else if (args.explain) io.stdout.write(reports.map(formatSloExplain).join('\n'));
    else printTable(sloRows(reports), SLO_COLUMNS, io.stdout);
    const failed = reports.filter((r) => r.status === 'error');
    if (failed[0] && args.output !== 'json') io.stderr.write(`error: ${failed.length} of ${reports.length} SLOs could not be evaluated: ${failed[0].error ?? 'unknown error'}\n`);
    const code = readExitCode({ breach: reports.some(isBreach), failed: failed.length > 0 });
    if (code !== 0) throw new SilentExit(code);
  },
};
