/**
 * Readings (what Prometheus answered, per window) → an SloReport with every figure explained.
 * Pure: the evaluator in src/sources/prometheus/slo/evaluate.ts fetches, this decides what the numbers mean.
 */
import { formatDuration } from '../duration.js';
import { coverageFromSeconds, coverageOf, coverageText, exhaustionByWindow, FORECAST_WINDOWS, type Coverage } from './forecast.js';
import { formatBudgetTime, formatBurn, formatClock, formatNumber, formatPercent } from './format.js';
import { alertState, burnAlertStates, explainBurnAlerts, type RuleBurnReading } from './burnAlerts.js';
import { burnRate, errorBudget, sloStatus, timeToExhaustion, type Budget } from './math.js';
import { BURN_WINDOWS, type BurnWindow, type ExplainItem, type SloDefinition, type SloReport } from './types.js';

/** One window's answer: the PromQL, the raw values and the error ratio they give. */
export interface WindowReading {
  query: string;
  raw: string;
  /** null = no data; `reason` says why (NaN, 0/0, no series, the query's error). */
  errorRatio: number | null;
  formula: string;
  reason?: string;
  /** The query failed (network, bad PromQL), as opposed to answering with no data. */
  failed?: boolean;
  /** What the server said beside the answer (Thanos: a store down, partial response). */
  warnings?: string[];
}

export interface TrendReading {
  query: string;
  stepSeconds: number;
  /** [unix seconds, compliance], NaN where Prometheus had no data. */
  points: Array<[number, number]>;
  error?: string;
  warnings?: string[];
}

export interface QuantileReading {
  query: string;
  raw: string;
  seconds: number | null;
  error?: string;
  warnings?: string[];
}

/** How many seconds back the data behind the SLI goes (see src/sources/prometheus/slo/coverage.ts). */
export interface CoverageReading {
  query: string;
  raw: string;
  /** null = no data in the window, or the query failed (`error`). */
  seconds: number | null;
  stepSeconds: number;
  error?: string;
  warnings?: string[];
}

export interface SloReadings {
  window: WindowReading;
  burns: Partial<Record<BurnWindow, WindowReading>>;
  trend?: TrendReading;
  quantile?: QuantileReading;
  coverage?: CoverageReading;
  /** The windows of the SLO's burn-rate alert rules, read from the series each alert compares. */
  burnAlerts?: Array<{ rule: RuleBurnReading['rule']; long: WindowReading; short: WindowReading }>;
}

export function buildReport(def: SloDefinition, r: SloReadings): SloReport {
  const budgetShare = 1 - def.objective;
  const errorRatio = r.window.errorRatio;
  const compliance = errorRatio === null ? null : 1 - errorRatio;
  const budget = errorRatio === null ? null : errorBudget(errorRatio, def.objective, def.windowMs);
  const burnRates = Object.fromEntries(
    BURN_WINDOWS.map((w) => [w, burnRate(r.burns[w]?.errorRatio ?? null, def.objective)]),
  ) as Record<BurnWindow, number | null>;
  const fromRules = r.burnAlerts?.map((b): RuleBurnReading => ({ rule: b.rule, longErrorRatio: b.long.errorRatio, shortErrorRatio: b.short.errorRatio }));
  const burnAlerts = burnAlertStates(def.objective, def.windowMs, burnRates, fromRules);
  const alert = alertState(burnAlerts);
  const exhaustionMs = timeToExhaustion(budget, burnRates['1h'], def.windowMs);
  const exhaustion = exhaustionByWindow(budget, burnRates, def.windowMs);
  const coverage = coverageFrom(r, def.windowMs);
  const trend = (r.trend?.points ?? []).filter(([, v]) => Number.isFinite(v)).map(([t, v]): [number, number] => [t, Math.min(1, Math.max(0, v))]);
  const quantile = r.quantile?.seconds ?? null;
  const status = sloStatus({
    compliance, objective: def.objective, windowMs: def.windowMs, budget, exhaustionMs, currentBurn: burnRates['1h'],
    critical: def.critical, latencyQuantileSeconds: quantile, failed: r.window.failed,
  });

  const explain: ExplainItem[] = [];
  const windowText = formatDuration(def.windowMs);
  explain.push({
    figure: 'compliance', query: r.window.query, raw: r.window.raw,
    formula: `compliance = 1 − error ratio over ${windowText}; ${r.window.formula}`,
    value: compliance === null ? `no data: ${r.window.reason ?? 'unknown'}` : formatPercent(compliance),
  });
  explainBudget(explain, def, budget, errorRatio, budgetShare);
  for (const w of BURN_WINDOWS) {
    const reading = r.burns[w];
    const burn = burnRates[w];
    explain.push({
      figure: `burn rate ${w}`, query: reading?.query, raw: reading?.raw,
      formula: reading
        ? `burn = error ratio ÷ (1 − objective) = ${reading.errorRatio === null ? '?' : formatNumber(reading.errorRatio)} ÷ ${formatNumber(budgetShare)}; ${reading.formula}`
        : `no query for ${w}: this SLI has no ${w} ratio (add burn_query or burn_queries)`,
      value: burn === null ? `no data${reading?.reason ? `: ${reading.reason}` : ''}` : formatBurn(burn),
    });
  }
  explain.push({
    figure: 'alert',
    query: r.burnAlerts?.flatMap((b) => [b.long.query, b.short.query]).filter((q, i, all) => all.indexOf(q) === i).join('\n'),
    formula: explainBurnAlerts(burnAlerts, windowText),
    value: alert,
  });
  const unreliable = coverage && !coverage.reliable ? ' (unreliable)' : '';
  explain.push({
    figure: 'time to exhaustion',
    formula: (budget && burnRates['1h'] !== null
      ? `remaining × window ÷ burn 1h = ${formatPercent(Math.max(0, budget.remainingFraction), 1)} × ${windowText} ÷ ${formatBurn(burnRates['1h'])}`
      : 'remaining × window ÷ burn 1h (needs both)') + (unreliable ? `; ${coverageText(coverage!)}` : ''),
    value: budget && budget.remainingFraction <= 0 ? 'exhausted' : (exhaustionMs === null ? (budget && burnRates['1h'] === 0 ? 'never (no burn)' : 'unknown') : formatDuration(exhaustionMs)) + unreliable,
  });
  explain.push({
    figure: 'forecast',
    formula: `remaining × window ÷ burn, at the ${FORECAST_WINDOWS.join(', ')} burns${coverage ? `; ${coverageText(coverage)}` : ''}`,
    value: FORECAST_WINDOWS.map((w) => `${w}: ${exhaustion[w] === null ? (burnRates[w] === 0 ? 'never' : 'unknown') : formatDuration(exhaustion[w]!)}`).join(', ') + unreliable,
  });
  if (r.coverage) explainCoverage(explain, r.coverage, coverage, windowText);
  if (r.quantile && def.critical?.kind === 'quantile_above') {
    explain.push({
      figure: `latency p${Math.round(def.critical.quantile * 1000) / 10}`, query: r.quantile.query, raw: r.quantile.raw,
      formula: `histogram_quantile over ${windowText}; critical when above ${formatDuration(def.critical.seconds * 1000)}`,
      value: quantile === null ? `no data${r.quantile.error ? `: ${r.quantile.error}` : ''}` : `${formatNumber(quantile)}s`,
    });
  }
  const noDataSince = compliance === null && trend.length > 0 ? new Date(trend[trend.length - 1]![0] * 1000) : undefined;
  if (r.trend) {
    explain.push({
      figure: 'trend', query: r.trend.query,
      raw: r.trend.error ?? `${r.trend.points.length} points, ${r.trend.points.length - trend.length} without data`,
      formula: `compliance over ${windowText} at each step of ${formatDuration(r.trend.stepSeconds * 1000)}`,
      value: noDataSince ? `no data since ${formatClock(noDataSince.getTime() / 1000)}` : `${trend.length} points`,
    });
  }
  explain.push({ figure: 'status', formula: statusRule(def), value: status.replace('_', ' ') });
  const warnings = [...new Set([r.window, ...Object.values(r.burns), r.trend, r.quantile, r.coverage, ...(r.burnAlerts ?? []).flatMap((b) => [b.long, b.short])].flatMap((x) => x?.warnings ?? []))];
  if (warnings.length) explain.push({ figure: 'warnings', formula: 'the server answered with warnings: a figure may miss data (a store down, a partial response)', value: warnings.join('; ') });
  if (def.derivation) explain.push({ figure: 'discovered', formula: def.derivation.join('; '), value: `${def.source}${def.rule ? ` ${def.rule}` : ''}` });

  const failures = [
    ...BURN_WINDOWS.filter((w) => r.burns[w]?.failed).map((w) => `burn ${w}: ${r.burns[w]!.reason}`),
    ...(r.burnAlerts ?? []).flatMap((b) => [b.long, b.short]).filter((w, i, all) => w.failed && all.indexOf(w) === i).map((w) => `burn alert query ${w.query}: ${w.reason}`),
    ...(r.trend?.error ? [`trend: ${r.trend.error}`] : []),
    ...(r.quantile?.error ? [`latency quantile: ${r.quantile.error}`] : []),
  ];
  const error = r.window.failed ? r.window.reason : failures.length ? failures.join('; ') : undefined;

  return {
    id: def.id, name: def.name, service: def.service, objective: def.objective, windowMs: def.windowMs,
    source: def.source, status, compliance,
    budget: budget && { totalMs: budget.totalMs, remainingMs: budget.remainingMs, spentFraction: budget.spentFraction, remainingFraction: budget.remainingFraction },
    burnRates, alert, burnAlerts, exhaustionMs, exhaustion, ...(coverage ? { coverage } : {}), trend,
    ...(noDataSince ? { noDataSince } : {}),
    ...(error ? { error } : {}),
    explain, window: def.window, critical: def.critical,
    ...(r.quantile ? { latencyQuantileSeconds: quantile } : {}),
    ...(def.rule ? { rule: def.rule } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

/** The coverage query, else the trend; unknown without either. */
function coverageFrom(r: SloReadings, windowMs: number): Coverage | undefined {
  if (r.coverage && r.coverage.seconds !== null) return coverageFromSeconds(r.coverage.seconds, r.coverage.stepSeconds, windowMs);
  return r.trend && !r.trend.error ? coverageOf(r.trend.points, r.trend.stepSeconds, windowMs) : undefined;
}

function explainCoverage(explain: ExplainItem[], reading: CoverageReading, coverage: Coverage | undefined, windowText: string): void {
  explain.push({
    figure: 'data in the window', query: reading.query, raw: reading.error ?? reading.raw,
    formula: `seconds since the first ${formatDuration(reading.stepSeconds * 1000)} step of the last ${windowText} with data (the recorded series or the rule's own expression); a forecast from less than 95% of the window is unreliable`,
    value: coverage ? coverageText(coverage) : reading.error ? 'unknown' : `no data in the last ${windowText}`,
  });
}

function explainBudget(explain: ExplainItem[], def: SloDefinition, budget: Budget | null, errorRatio: number | null, share: number): void {
  const total = share * def.windowMs;
  explain.push({
    figure: 'error budget',
    formula: `budget = (1 − objective) × window = ${formatNumber(share)} × ${formatDuration(def.windowMs)}`,
    value: formatDuration(total),
  });
  if (!budget || errorRatio === null) {
    explain.push({ figure: 'budget spent', formula: 'spent = error ratio ÷ (1 − objective)', value: 'no data' });
    return;
  }
  explain.push({
    figure: 'budget spent',
    formula: `spent = error ratio ÷ (1 − objective) = ${formatNumber(errorRatio)} ÷ ${formatNumber(share)}; as time: error ratio × window`,
    value: `${formatPercent(budget.spentFraction, 1)} (${formatDuration(errorRatio * def.windowMs)} of ${formatDuration(total)})`,
  });
  explain.push({
    figure: 'budget remaining',
    formula: `remaining = 1 − spent = 1 − ${formatNumber(budget.spentFraction)}; as time: remaining × budget`,
    value: `${formatPercent(budget.remainingFraction, 1)} (${formatBudgetTime(budget.remainingMs, budget.totalMs)})`,
  });
}

function statusRule(def: SloDefinition): string {
  const crit = def.critical
    ? def.critical.kind === 'below'
      ? `critical below ${formatPercent(def.critical.ratio)}`
      : `critical when p${Math.round(def.critical.quantile * 1000) / 10} > ${formatDuration(def.critical.seconds * 1000)}`
    : 'no critical threshold';
  return `${crit}; breached below ${formatPercent(def.objective)}; at risk when < 25% budget left or the 1h burn is over 1× and would spend the rest within ${formatDuration(def.windowMs)}`;
}
