/** `oncall slo --explain`: every figure with the PromQL sent, what came back, and the arithmetic. */
import { formatDuration } from '../duration.js';
import { exhaustedSince, formatBudgetTime, formatBurn, formatClock, formatCompliance, formatExhaustion, formatPercent } from './format.js';
import { unreliableNote } from './forecast.js';
import { BURN_WINDOWS, type SloReport } from './types.js';

/** `exhaustedSince`: when the budget ran out, where the caller knows better than the trend (an ongoing breach). */
export function formatSloExplain(report: SloReport, opts: { exhaustedSince?: Date } = {}): string {
  const lines: string[] = [];
  const window = report.window ?? formatDuration(report.windowMs);
  lines.push(`${report.name} (${report.service}, ${report.source}) — objective ${formatPercent(report.objective)} over ${window}`);
  lines.push(`  status ${statusText(report)}`);
  lines.push(`  compliance ${formatCompliance(report.compliance, report.objective)}${report.budget ? `, budget ${formatBudgetTime(report.budget.remainingMs, report.budget.totalMs)}` : ''}`);
  lines.push(`  burn ${BURN_WINDOWS.map((w) => `${w} ${formatBurn(report.burnRates[w])}`).join(' · ')}`);
  lines.push(`  alert ${report.alert}; ${formatExhaustion(report.exhaustionMs, report.budget?.remainingFraction, formatDuration, opts.exhaustedSince ?? exhaustedSince(report.trend, report.objective))}${forecastNote(report)}`);
  if (report.error) lines.push(`  error ${report.error}`);
  // Up here, not only among the figures below: a store down makes every figure above doubtful.
  if (report.warnings?.length) lines.push(`  warnings ${report.warnings.join('; ')}`);
  for (const item of report.explain) {
    lines.push('', `  ${item.figure}: ${item.value}`);
    if (item.query) lines.push(...item.query.split('\n').map((q, i) => `    ${i === 0 ? 'query  ' : '       '}${q}`));
    if (item.raw) lines.push(`    raw    ${item.raw}`);
    lines.push(`    how    ${item.formula}`);
  }
  return lines.join('\n');
}

function statusText(r: SloReport): string {
  if (r.status === 'no_data' && r.noDataSince) return `no data since ${formatClock(r.noDataSince.getTime() / 1000)}`;
  if (r.status === 'no_data') return 'no data';
  if (r.status === 'error') return `error: ${r.error ?? 'unknown'}`;
  return r.status.replace('_', ' ');
}

/** A budget still left is forecast: from too little data, it says so. */
function forecastNote(r: SloReport): string {
  return r.budget && r.budget.remainingFraction > 0 && r.exhaustionMs !== 0 ? unreliableNote(r.coverage) : '';
}
