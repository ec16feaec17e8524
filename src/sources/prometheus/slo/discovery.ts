/**
 * SLOs found in recording rules (GET /api/v1/rules?type=record), for users who already run Sloth
 * or Pyrra or keep `sla:<name>:ratio_<window>` rules, so the dashboard works with no SLO config.
 * Queries wrap recorded series in max(): HA pairs and federation can duplicate a series, and the
 * worse of two copies is the safe one to show.
 */
import { slug } from '../../../domain/slo/config.js';
import { parseCritical, parseObjective } from '../../../domain/slo/parse.js';
import { BURN_WINDOWS, BURN_WINDOW_MS, type BurnWindow, type SloDefinition } from '../../../domain/slo/types.js';
import type { Labels, Rule } from '../../../domain/types.js';
import { promDuration, quoteLabel } from './promql.js';

export interface Discovery {
  definitions: SloDefinition[];
  /** Rule families that look like SLOs but lack something (an objective, a window). */
  skipped: Array<{ name: string; reason: string }>;
}

const SLOTH_SLI = /^slo:sli_error:ratio_rate(\w+)$/;
const SLA_RATIO = /^sla:([a-zA-Z0-9_]+):ratio(?:_(\w+))?$/;
const DURATION = /^(\d+)(d|h|m|w)$/;

export function slosFromRules(rules: Rule[]): Discovery {
  const recording = rules.filter((r) => r.kind === 'recording');
  const out: Discovery = { definitions: [], skipped: [] };
  sloth(recording, out);
  pyrra(recording, out);
  slaRules(recording, out);
  return out;
}

function sloth(rules: Rule[], out: Discovery): void {
  const ids = new Set(rules.filter((r) => SLOTH_SLI.test(r.name) && r.labels.sloth_id).map((r) => r.labels.sloth_id!));
  for (const id of ids) {
    const mine = rules.filter((r) => r.labels.sloth_id === id);
    const sel = `{sloth_id=${quoteLabel(id)}}`;
    const info = mine.find((r) => r.name === 'sloth_slo_info');
    const objectiveRule = mine.find((r) => r.name === 'slo:objective:ratio');
    const fromInfo = info?.labels.sloth_objective;
    const objective = objectiveRule ? numberIn(objectiveRule.query) : fromInfo !== undefined ? parsePercent(fromInfo) : null;
    const name = mine[0]?.labels.sloth_slo ?? id;
    if (objective === null || !(objective > 0 && objective < 1)) {
      out.skipped.push({ name: `sloth ${id}`, reason: 'no slo:objective:ratio rule or sloth_objective label' });
      continue;
    }
    const windows: Partial<Record<BurnWindow, string>> = {};
    let periodMs = 0;
    for (const r of mine) {
      const w = SLOTH_SLI.exec(r.name)?.[1];
      if (!w) continue;
      if ((BURN_WINDOWS as readonly string[]).includes(w)) windows[w as BurnWindow] = `max(${r.name}${sel})`;
      else periodMs = Math.max(periodMs, durationMs(w) ?? 0);
    }
    const days = mine.find((r) => r.name === 'slo:time_period:days');
    const windowMs = periodMs || (days && numberIn(days.query) ? numberIn(days.query)! * 86_400_000 : 30 * 86_400_000);
    const range = promDuration(windowMs);
    // Older Sloth versions record no period rule; their own dashboards average the 5m ratio.
    const query = periodMs
      ? `max(slo:sli_error:ratio_rate${range}${sel})`
      : `max(avg_over_time(slo:sli_error:ratio_rate5m${sel}[${range}]))`;
    out.definitions.push({
      id, name, service: mine[0]?.labels.sloth_service ?? 'unknown', objective, window: range, windowMs, source: 'sloth',
      sli: { kind: 'query', query, measures: 'bad', windows },
    });
  }
}

function pyrra(rules: Rule[], out: Discovery): void {
  for (const obj of rules.filter((r) => r.name === 'pyrra_objective' && r.labels.slo)) {
    const slo = obj.labels.slo!;
    const mine = rules.filter((r) => r.labels.slo === slo);
    const objective = numberIn(obj.query);
    const windowSeconds = numberIn(mine.find((r) => r.name === 'pyrra_window')?.query ?? '');
    if (objective === null || !(objective > 0 && objective < 1) || !windowSeconds) {
      out.skipped.push({ name: `pyrra ${slo}`, reason: 'pyrra_objective or pyrra_window is not a number' });
      continue;
    }
    const sel = `{slo=${quoteLabel(slo)}}`;
    const windows: Partial<Record<BurnWindow, string>> = {};
    const hasRates = mine.some((r) => r.name === 'pyrra_errors:rate5m') && mine.some((r) => r.name === 'pyrra_requests:rate5m');
    if (hasRates) {
      // Pyrra's generic rules record only 5m rates; longer windows average them, which weighs
      // each 5m slice by its traffic the same way a longer rate() would.
      for (const w of BURN_WINDOWS) {
        const errs = w === '5m' ? `pyrra_errors:rate5m${sel}` : `avg_over_time(pyrra_errors:rate5m${sel}[${w}])`;
        const reqs = w === '5m' ? `pyrra_requests:rate5m${sel}` : `avg_over_time(pyrra_requests:rate5m${sel}[${w}])`;
        windows[w] = `1 - sum(${errs}) / sum(${reqs})`;
      }
    }
    const windowMs = windowSeconds * 1000;
    out.definitions.push({
      id: slo, name: slo, service: obj.labels.service ?? obj.labels.namespace ?? 'unknown', objective,
      window: promDuration(windowMs), windowMs, source: 'pyrra',
      sli: { kind: 'query', query: `max(pyrra_availability${sel})`, measures: 'good', windows },
    });
  }
}

function slaRules(rules: Rule[], out: Discovery): void {
  const families = new Map<string, Rule[]>();
  for (const r of rules) {
    const m = SLA_RATIO.exec(r.name);
    if (m) families.set(m[1]!, [...(families.get(m[1]!) ?? []), r]);
  }
  for (const [key, mine] of families) {
    const labels = mine[0]!.labels;
    const objectiveText = labels.objective ?? labels.target ?? labels.slo_objective;
    const sibling = rules.find((r) => r.name === `sla:${key}:objective`);
    const parsed = objectiveText !== undefined ? parseObjective(objectiveText) : null;
    const objective = parsed?.ok ? parsed.value : sibling ? numberIn(sibling.query) : null;
    if (objective === null || !(objective > 0 && objective < 1)) {
      out.skipped.push({ name: `sla:${key}`, reason: `no objective: add an "objective" label (e.g. "99.9%") or a sla:${key}:objective rule, or define it in config` });
      continue;
    }
    const windows: Partial<Record<BurnWindow, string>> = {};
    let window: { ms: number; rule: Rule } | undefined;
    for (const r of mine) {
      const suffix = SLA_RATIO.exec(r.name)?.[2];
      const ms = suffix ? durationMs(suffix) : durationMs(r.labels.window ?? '30d');
      if (ms === null) continue;
      const burn = BURN_WINDOWS.find((w) => BURN_WINDOW_MS[w] === ms);
      if (burn) windows[burn] = `max(${r.name}${selector(r.labels)})`;
      // The longest ratio is the SLO window (ratio_30d next to ratio_1h, ratio_5m…).
      if (ms > (window?.ms ?? 0)) window = { ms, rule: r };
    }
    if (!window) {
      out.skipped.push({ name: `sla:${key}`, reason: 'no ratio over a whole window (e.g. sla:<name>:ratio_30d)' });
      continue;
    }
    const critical = labels.critical ? parseCritical(labels.critical, () => null) : null;
    const name = labels.name ?? labels.sla ?? humanize(key);
    out.definitions.push({
      id: labels.id ?? slug(name), name, service: labels.service ?? key.split('_')[0]!, objective,
      window: promDuration(window.ms), windowMs: window.ms, source: 'rule',
      critical: critical?.ok ? critical.value : undefined,
      sli: { kind: 'query', query: `max(${window.rule.name}${selector(window.rule.labels)})`, measures: 'good', windows },
    });
  }
}

/** The rule's own static labels identify its series among others with the same name. */
function selector(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${quoteLabel(v)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** `vector(0.999)`, `0.999`, `vector(2419200)` → the number; anything else → null. */
function numberIn(expr: string): number | null {
  const m = /^\s*(?:vector\s*\(\s*)?([-+]?[0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*\)?\s*$/i.exec(expr);
  return m ? Number(m[1]) : null;
}

function parsePercent(text: string): number | null {
  const p = parseObjective(text);
  return p.ok ? p.value : null;
}

function durationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
