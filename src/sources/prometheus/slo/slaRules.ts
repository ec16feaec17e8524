/**
 * SLOs from `sla:` recording rules, as SLA guides write them: the ratio is recorded
 * (`sla:<name>:ratio`, `sla:<name>:ratio_<window>`, `sla:<name>:<what>_ratio`) and the objective
 * lives in the alert rule that compares it with a constant (`sla:website_availability:ratio_30d
 * < 0.999`). A second comparison with severity critical (or page) is the critical threshold. An
 * alert that fires above its constant marks an "at most" SLI (an error ratio): compliance is
 * 1 − value, against 1 − constant. Labels and `sla:<name>:objective` rules still give an objective.
 */
import { slug } from '../../../domain/slo/config.js';
import { formatRatio, parseCritical, parseObjective } from '../../../domain/slo/parse.js';
import { BURN_WINDOWS, BURN_WINDOW_MS, type BurnWindow, type CriticalThreshold } from '../../../domain/slo/types.js';
import type { Labels, Rule } from '../../../domain/types.js';
import type { Discovery } from './discovery.js';
import { promDuration, quoteLabel } from './promql.js';
import { comparisonsIn, longestRange, type Comparison } from './shapes.js';

const SLA = /^sla:([a-zA-Z0-9_]+):([a-zA-Z0-9_]+)$/;
const WINDOW_SUFFIX = /^ratio_(\d+[smhdwy])$/;
const DAY_MS = 86_400_000;

interface Family {
  key: string;
  /** The ratio's stem: `ratio` for ratio and ratio_30d, `under_30s_ratio` as it is. */
  stem: string;
  rules: Rule[];
}

/** An alert's comparison of a recorded SLA series with a constant. */
interface Threshold extends Comparison {
  alert: Rule;
  critical: boolean;
}

export function slaRules(rules: Rule[], out: Discovery): void {
  const recording = rules.filter((r) => r.kind === 'recording');
  const families = new Map<string, Family>();
  for (const r of recording) {
    const m = SLA.exec(r.name);
    if (!m) continue;
    const [, key, suffix] = m as unknown as [string, string, string];
    if (suffix === 'objective') continue;
    const stem = suffix === 'ratio' || WINDOW_SUFFIX.test(suffix) ? 'ratio' : suffix.endsWith('_ratio') ? suffix : null;
    if (!stem) {
      out.skipped.push({ rule: r.name, reason: 'not an SLA ratio: SLA ratios are named sla:<name>:ratio, sla:<name>:ratio_<window> or sla:<name>:<what>_ratio' });
      continue;
    }
    const id = `${key}:${stem}`;
    const family = families.get(id) ?? { key, stem, rules: [] };
    family.rules.push(r);
    families.set(id, family);
  }
  const thresholds = alertThresholds(rules, new Set(recording.map((r) => r.name)), out);
  const ids = new Set(out.definitions.map((d) => d.id));
  for (const family of families.values()) {
    const def = fromFamily(family, recording, thresholds, out);
    if (!def) continue;
    // Two stems of one name (sla:orders:ratio and sla:orders:under_30s_ratio) are two SLOs.
    if (ids.has(def.id)) def.id = `${def.id}-${slug(family.stem)}`;
    ids.add(def.id);
    out.definitions.push(def);
  }
}

function fromFamily(family: Family, recording: Rule[], thresholds: Threshold[], out: Discovery): Discovery['definitions'][number] | null {
  const { key, stem } = family;
  const windowed = family.rules.map((r) => ({ r, ...windowOf(r) }));
  // The longest ratio is the SLO window (ratio_30d next to ratio_1h, ratio_5m…).
  const main = windowed.reduce((a, b) => (b.ms > a.ms ? b : a));
  const labels = main.r.labels;
  const mine = thresholds.filter((t) => t.metric === main.r.name);
  const objective = objectiveOf(main.r, recording, mine);
  if (!objective.ok) {
    out.skipped.push({ rule: main.r.name, reason: objective.reason });
    return null;
  }
  const { value, measures, from, alert } = objective;
  const critical = criticalOf(labels, mine, objective) ?? undefined;
  const windows: Partial<Record<BurnWindow, string>> = {};
  for (const w of windowed) {
    const burn = BURN_WINDOWS.find((b) => BURN_WINDOW_MS[b] === w.ms);
    if (burn && w.r !== main.r) windows[burn] = `max(${w.r.name}${selector(w.r.labels)})`;
  }
  const mainBurn = BURN_WINDOWS.find((b) => BURN_WINDOW_MS[b] === main.ms);
  if (mainBurn) windows[mainBurn] = `max(${main.r.name}${selector(labels)})`;
  const name = labels.name ?? alert?.labels.name ?? labels.sla ?? humanize(key);
  const service = labels.service ?? alert?.labels.service ?? key.split('_')[0]!;
  const window = promDuration(main.ms);
  return {
    id: labels.id ?? slug(name), name, service, objective: value, window, windowMs: main.ms, source: 'rule',
    critical: critical?.threshold,
    sli: { kind: 'query', query: `max(${main.r.name}${selector(labels)})`, measures, windows, ruleQuery: main.r.query },
    rule: main.r.name,
    derivation: [
      `SLI recorded by ${main.r.name}${measures === 'bad' ? ' (an "at most" ratio: compliance = 1 − value)' : ''}`,
      `objective ${formatRatio(value)} from ${from}`,
      ...(critical ? [`critical below ${formatRatio(critical.threshold.ratio)} from ${critical.from}`] : []),
      `window ${window} from ${main.windowFrom}`,
    ],
  };
}

function windowOf(r: Rule): { ms: number; windowFrom: string } {
  const suffix = WINDOW_SUFFIX.exec(SLA.exec(r.name)?.[2] ?? '')?.[1];
  const fromName = suffix ? durationMs(suffix) : null;
  if (fromName !== null) return { ms: fromName, windowFrom: `the name suffix _${suffix}` };
  const fromLabel = r.labels.window ? durationMs(r.labels.window) : null;
  if (fromLabel !== null) return { ms: fromLabel, windowFrom: `the window label "${r.labels.window}"` };
  const range = longestRange(r.query);
  if (range !== null) return { ms: range, windowFrom: `the longest range selector [${promDuration(range)}] in the rule's expression` };
  return { ms: 30 * DAY_MS, windowFrom: 'the default (no suffix and no range selector in the rule)' };
}

type Objective =
  | { ok: true; value: number; measures: 'good' | 'bad'; from: string; alert?: Rule }
  | { ok: false; reason: string };

/** A label or an sla:<key>:objective rule first (as before), then the alert comparisons. */
function objectiveOf(rule: Rule, recording: Rule[], mine: Threshold[]): Objective {
  const text = rule.labels.objective ?? rule.labels.target ?? rule.labels.slo_objective;
  const parsed = text !== undefined ? parseObjective(text) : null;
  if (parsed?.ok) return { ok: true, value: parsed.value, measures: 'good', from: `the objective label "${text}"` };
  const key = SLA.exec(rule.name)?.[1];
  const sibling = recording.find((r) => r.name === `sla:${key}:objective`);
  const fromRule = sibling ? numberIn(sibling.query) : null;
  if (fromRule !== null && fromRule > 0 && fromRule < 1) return { ok: true, value: fromRule, measures: 'good', from: `the rule sla:${key}:objective` };
  const candidates = mine.some((t) => !t.critical) ? mine.filter((t) => !t.critical) : mine;
  if (candidates.length === 0) {
    return { ok: false, reason: `no objective: no alert rule compares ${rule.name} with a constant (e.g. ${rule.name} < 0.999), and no "objective" label or sla:${key}:objective rule` };
  }
  // Below the constant fires: an "at least" SLI; the highest constant is the objective (it breaches first).
  const below = candidates.filter((t) => t.op === '<' || t.op === '<=');
  const above = candidates.filter((t) => t.op === '>' || t.op === '>=');
  const pick = below.length >= above.length
    ? below.reduce((a, b) => (b.value > a.value ? b : a))
    : above.reduce((a, b) => (b.value < a.value ? b : a));
  const measures = pick.op.startsWith('<') ? 'good' : 'bad';
  const value = roundRatio(measures === 'good' ? pick.value : 1 - pick.value);
  if (!(value > 0 && value < 1)) return { ok: false, reason: `objective not a ratio: alert ${pick.alert.name} compares with ${pick.value}, not a ratio between 0 and 1` };
  return { ok: true, value, measures, from: `alert ${pick.alert.name} (${pick.text})`, alert: pick.alert };
}

/** A label (as before), else the worst constant among the critical alerts, past the objective. */
function criticalOf(labels: Labels, mine: Threshold[], objective: Objective & { ok: true }): { threshold: CriticalThreshold & { kind: 'below' }; from: string } | null {
  if (labels.critical) {
    const p = parseCritical(labels.critical, () => null);
    if (p.ok && p.value.kind === 'below') return { threshold: p.value, from: `the critical label "${labels.critical}"` };
  }
  const good = objective.measures === 'good';
  const past = mine
    .filter((t) => t.critical && (good ? t.op.startsWith('<') : t.op.startsWith('>')))
    .map((t) => ({ t, ratio: roundRatio(good ? t.value : 1 - t.value) }))
    .filter((c) => c.ratio > 0 && c.ratio < objective.value);
  if (past.length === 0) return null;
  const worst = past.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  return { threshold: { kind: 'below', ratio: worst.ratio }, from: `alert ${worst.t.alert.name} (${worst.t.text})` };
}

/**
 * Every comparison of a recorded `sla:` series in an alert rule. An alert that is about an SLA but
 * whose comparison is not understood is reported, so a missing SLO is never silent.
 */
function alertThresholds(rules: Rule[], recorded: Set<string>, out: Discovery): Threshold[] {
  const found: Threshold[] = [];
  for (const alert of rules.filter((r) => r.kind === 'alerting')) {
    const mentions = /\bsla:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+/.exec(alert.query)?.[0];
    if (!mentions && alert.labels.sla === undefined) continue;
    const severity = (alert.labels.severity ?? '').toLowerCase();
    const comparisons = comparisonsIn(alert.query).filter((c) => c.metric.startsWith('sla:'));
    if (comparisons.length === 0) {
      out.skipped.push({ rule: `alert ${alert.name}`, reason: 'no comparison: its expression compares no sla: series with a constant (e.g. sla:<name>:ratio < 0.999)' });
      continue;
    }
    for (const c of comparisons) {
      if (!recorded.has(c.metric)) {
        out.skipped.push({ rule: `alert ${alert.name}`, reason: `unknown series: it compares ${c.metric}, which no recording rule records` });
        continue;
      }
      found.push({ ...c, alert, critical: severity === 'critical' || severity === 'page' });
    }
  }
  return found;
}

/** The rule's own static labels identify its series among others with the same name. */
export function selector(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${quoteLabel(v)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** `vector(0.999)`, `0.999`, `vector(2419200)` → the number; anything else → null. */
export function numberIn(expr: string): number | null {
  const m = /^\s*(?:vector\s*\(\s*)?([-+]?[0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*\)?\s*$/i.exec(expr);
  return m ? Number(m[1]) : null;
}

export function durationMs(text: string): number | null {
  const m = /^(\d+)(s|m|h|d|w|y)$/.exec(text);
  if (!m) return null;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS }[m[2] as 's' | 'm' | 'h' | 'd' | 'w' | 'y'];
  return Number(m[1]) * unit;
}

/** 1 - 0.05 is 0.9500000000000001 in floating point; keep what the rule meant. */
function roundRatio(n: number): number {
  return Math.round(n * 1e12) / 1e12;
}

function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
