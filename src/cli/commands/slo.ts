import type { Argv } from 'yargs';
import { usageError } from '../../domain/errors.js';
import { readExitCode } from '../../domain/exit.js';
import { parseDuration } from '../../domain/duration.js';
import { formatSloExplain } from '../../domain/slo/explain.js';
import { coverageText } from '../../domain/slo/forecast.js';
import { formatHistory } from '../../domain/slo/history.js';
import { formatBudgetTime, formatBurn, formatCompliance, formatCritical, formatCriticalShort, formatPercent } from '../../domain/slo/format.js';
import type { SkippedRule, SloReport } from '../../domain/slo/types.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import type { OutStream, TableOut } from '../io.js';
import { formatFirstFitting, formatTable, printJson, printTable, tableWidth } from '../output.js';
import { isBreach, slosFor } from '../slos.js';

interface SloOptions {
  name?: string;
  explain?: boolean;
  skipped?: boolean;
  history?: string;
}

export function sloRows(reports: SloReport[]): Record<string, string>[] {
  return reports.map((r) => ({
    name: `${partialMark(r)}${r.name}`,
    service: r.service,
    objective: formatPercent(r.objective),
    critical: formatCritical(r.critical),
    compliance: r.error && r.compliance === null ? 'error' : formatCompliance(r.compliance, r.objective),
    budget: (r.budget ? formatBudgetTime(r.budget.remainingMs, r.budget.totalMs) : 'no data') + unreliableMark(r),
    burn: formatBurn(r.burnRates['1h']),
    alert: r.alert === 'none' ? '' : r.alert,
    status: r.status.replace('_', ' '),
  }));
}

export const SLO_COLUMNS = [
  { key: 'name', header: 'slo' },
  { key: 'service', header: 'service', max: 14 },
  { key: 'objective', header: 'objective', max: 9 },
  { key: 'critical', header: 'critical', max: 14 },
  { key: 'compliance', header: 'compliance', max: 10 },
  { key: 'budget', header: 'error budget', max: 32 },
  { key: 'burn', header: 'burn 1h', max: 8 },
  { key: 'alert', header: 'alert', max: 6 },
  { key: 'status', header: 'status', max: 9 },
];

/**
 * Where the whole table does not fit (an 80-column terminal), the same figures in fewer columns: the
 * service goes (the name says it, `--explain` and `-o json` keep it), the budget as the share left, the
 * alert beside the status, and the target and critical threshold in short form, so names stay whole.
 */
const NARROW_COLUMNS = [
  { key: 'name', header: 'slo' },
  { key: 'objective', header: 'target', max: 9 },
  { key: 'critical', header: 'crit', max: 8 },
  { key: 'compliance', header: 'compliance', max: 10 },
  { key: 'budget', header: 'budget', max: 6 },
  { key: 'burn', header: 'burn 1h', max: 8 },
  { key: 'status', header: 'status', max: 16 },
];

function narrowRows(reports: SloReport[]): Record<string, string>[] {
  return sloRows(reports).map((row, i) => {
    const r = reports[i]!;
    return {
      ...row,
      critical: formatCriticalShort(r.critical),
      budget: (r.budget ? `${Math.round(r.budget.remainingFraction * 100)}%` : '—') + unreliableMark(r),
      status: row.alert ? `${row.status ?? ''} ${row.alert.toUpperCase()}` : (row.status ?? ''),
    };
  });
}

/** The budget of an SLO with too little data for its window is no fact to forecast from: a `*` sends to the note below. */
function unreliableMark(r: SloReport): string {
  return r.coverage && !r.coverage.reliable ? '*' : '';
}

/** Under the table: each SLO whose forecast is unreliable, and how much of its window has data. */
function unreliableNotes(reports: SloReport[]): string {
  return reports
    .filter((r) => r.coverage && !r.coverage.reliable)
    .map((r) => `* ${r.name}: ${coverageText(r.coverage!)}\n`)
    .join('');
}

/** An SLO read from a partial answer (a Thanos store down, a Prometheus 3 note): `!` before its name sends to the note below. */
function partialMark(r: SloReport): string {
  return r.warnings?.length ? '! ' : '';
}

/** Under the table: each warning the answers carried, once, with the SLOs it touched. */
function partialNotes(reports: SloReport[]): string {
  const touched = new Map<string, string[]>();
  for (const r of reports) for (const w of r.warnings ?? []) touched.set(w, [...(touched.get(w) ?? []), r.name]);
  return [...touched].map(([w, names]) => `! ${names.join(', ')}: the answer was partial: ${w}\n`).join('');
}

/** What is said under the table: forecasts that are unreliable, figures read from a partial answer. */
const sloNotes = (reports: SloReport[]): string => unreliableNotes(reports) + partialNotes(reports);

/** Every column when they fit, else the narrow set. */
const sloChoices = (reports: SloReport[]): TableOut['choices'] => [
  { rows: sloRows(reports), columns: SLO_COLUMNS },
  { rows: narrowRows(reports), columns: NARROW_COLUMNS },
];

/** The `oncall slo` table fitted to `width`, with its notes under it. */
export function sloTable(reports: SloReport[], width: number): string {
  return formatFirstFitting(sloChoices(reports), width) + sloNotes(reports);
}

/** As sloTable, to `out`; where `out` takes tables as rows (several contexts), as rows. */
function printSloTable(reports: SloReport[], out: OutStream): void {
  if (!out.table) return void out.write(sloTable(reports, tableWidth(out)));
  out.table({ choices: sloChoices(reports) });
  out.write(sloNotes(reports));
}

const SKIPPED_COLUMNS = [
  { key: 'rule', header: 'rule', max: 48 },
  { key: 'reason', header: 'reason' },
];

/** The JSON of one SLO: every field of the report, `critical` and `rule` null rather than absent, `warnings` always a list. */
export function sloJson(r: SloReport): Omit<SloReport, 'critical' | 'rule' | 'warnings'> & { critical: SloReport['critical'] | null; rule: string | null; warnings: string[] } {
  return { ...r, critical: r.critical ?? null, rule: r.rule ?? null, warnings: r.warnings ?? [] };
}

/** What `oncall slo` says on stderr about the rules it did not take. */
export function skippedNote(skipped: SkippedRule[]): string {
  if (skipped.length === 0) return '';
  const rows = skipped.map((s) => ({ rule: s.rule, reason: s.reason }));
  return `skipped ${skipped.length} rule${skipped.length === 1 ? '' : 's'} that look like SLOs (\`oncall slo --skipped\` lists them):\n${formatTable(rows, SKIPPED_COLUMNS, 160)
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')}`;
}

function printSkipped(skipped: SkippedRule[], json: boolean, out: OutStream, err: OutStream): void {
  if (json) return printJson(skipped.map(({ rule, reason }) => ({ rule, reason })), out);
  if (skipped.length === 0) return void err.write('no rules skipped: every rule that looks like an SLO was taken\n');
  printTable(skipped.map(({ rule, reason }) => ({ rule, reason })), SKIPPED_COLUMNS, out);
}

export const sloCommand: OncallCommand<SloOptions> = {
  command: 'slo [name]',
  describe: 'SLO/SLA status: compliance, error budget, burn rates (--explain shows the queries and formulas)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('name', { type: 'string', describe: 'one SLO, by name or id (case-insensitive substring)' })
      .option('explain', { type: 'boolean', describe: 'show how every figure was computed: PromQL, raw values, formula' })
      .option('skipped', { type: 'boolean', describe: 'list the rules that look like SLOs but were not taken, and why' })
      .option('history', { type: 'string', requiresArg: true, describe: 'the periods of the last DURATION (e.g. 30d): breaches, bad stretches (1h SLI below the objective), outages (below critical), worst compliance' }) as Argv<CliArgs & SloOptions>,
  handler: async (args) => {
    const { io } = args;
    const json = args.output === 'json';
    const historyMs = args.history === undefined ? undefined : parseDuration(args.history);
    const ctx = await loadContext(args, io.env, { need: ['prometheus'] });
    const reader = slosFor(ctx, { trend: json && !args.skipped });
    const { reports: all, skipped, unread = [] } = await reader.load();
    if (args.skipped) return printSkipped(skipped, json, io.stdout, io.stderr);
    let reports = all;
    if (args.name) {
      const want = args.name.toLowerCase();
      reports = reports.filter((r) => r.id.toLowerCase().includes(want) || r.name.toLowerCase().includes(want));
      if (reports.length === 0) throw usageError(`no SLO matches "${args.name}"`, '`oncall slo` lists them all');
    }
    const note = args.name ? '' : skippedNote(skipped);
    if (historyMs !== undefined && (json || reports.length > 0)) {
      const ids = new Set(reports.map((r) => r.id));
      const histories = await reader.history(historyMs, (id) => ids.has(id));
      const of = (r: SloReport) => histories.get(r.id) ?? { error: 'no definition found for this SLO' };
      if (json) printJson(reports.map((r) => ({ ...sloJson(r), history: of(r) })), io.stdout);
      else io.stdout.write(reports.map((r) => formatHistory(r.name, of(r))).join('\n'));
    } else if (json) printJson(reports.map(sloJson), io.stdout);
    else if (reports.length === 0) io.stderr.write('no SLOs: none in the config and none discovered from the rules (Sloth, Pyrra, sla:*)\n');
    else if (args.explain) io.stdout.write(reports.map((r) => formatSloExplain(r)).join('\n'));
    else printSloTable(reports, io.stdout);
    if (note) io.stderr.write(note);
    const failed = reports.filter((r) => r.status === 'error');
    if (failed[0] && !json) io.stderr.write(`error: ${failed.length} of ${reports.length} SLOs could not be evaluated: ${failed[0].error ?? 'unknown error'}\n`);
    // Rules that could not be read: the SLOs discovered from them are missing, whatever the rest says.
    for (const line of unread) io.stderr.write(`error: ${line}\n`);
    const code = readExitCode({ breach: reports.some(isBreach), failed: failed.length > 0 || unread.length > 0 });
    if (code !== 0) throw new SilentExit(code);
  },
};
