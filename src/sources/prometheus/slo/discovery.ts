/**
 * SLOs found in the rules (GET /api/v1/rules), for users who already run Sloth or Pyrra or keep
 * `sla:` recording rules with their alert rules, so the dashboard works with no SLO config.
 * Queries wrap recorded series in max(): HA pairs and federation can duplicate a series, and the
 * worse of two copies is the safe one to show.
 */
import { parseObjective } from '../../../domain/slo/parse.js';
import { BURN_WINDOWS, type BurnWindow, type SkippedRule, type SloDefinition } from '../../../domain/slo/types.js';
import type { Rule } from '../../../domain/types.js';
import { promDuration, quoteLabel } from './promql.js';
import { attachBurnAlerts } from './burnRules.js';
import { durationMs, numberIn, slaRules } from './slaRules.js';
import { withRangePlaceholder } from './shapes.js';
import { embeddable } from '../embed.js';

export interface Discovery {
  definitions: SloDefinition[];
  /** Rules that look like SLOs but were not taken (no objective, a name or comparison not understood), and why. */
  skipped: SkippedRule[];
}

const SLOTH_SLI = /^slo:sli_error:ratio_rate(\w+)$/;

/** Recording rules give the SLIs; alert rules give the objectives of `sla:` ratios. */
export function slosFromRules(rules: Rule[]): Discovery {
  const recording = rules.filter((r) => r.kind === 'recording');
  const out: Discovery = { definitions: [], skipped: [] };
  sloth(recording, out);
  pyrra(recording, out);
  slaRules(rules, out);
  attachBurnAlerts(out.definitions, rules);
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
      out.skipped.push({ rule: `sloth ${id}`, reason: 'no objective: no slo:objective:ratio rule or sloth_objective label' });
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
      sli: { kind: 'query', query, measures: 'bad', windows, ...slothRaw(mine) }, rule: `slo:sli_error:ratio_rate${periodMs ? range : '5m'}${sel}`,
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
      out.skipped.push({ rule: `pyrra ${slo}`, reason: 'no objective or window: pyrra_objective or pyrra_window is not a number' });
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
      sli: { kind: 'query', query: `max(pyrra_availability${sel})`, measures: 'good', windows, ...pyrraRaw(mine) }, rule: `pyrra_availability${sel}`,
    });
  }
}

/**
 * Sloth records each burn window's SLI from the raw series (its period rule averages the recorded
 * 5m one): any of those, its range made a placeholder, gives the SLI over any window.
 */
function slothRaw(mine: Rule[]): { rawQuery?: string } {
  for (const r of mine) {
    const w = SLOTH_SLI.exec(r.name)?.[1];
    if (!w || !(BURN_WINDOWS as readonly string[]).includes(w) || r.query.includes('slo:sli_error')) continue;
    const raw = withRangePlaceholder(r.query, durationMs(w) ?? 0);
    if (raw) return { rawQuery: `max(${embeddable(raw)})` };
  }
  return {};
}

/** Pyrra's generic rules record the 5m error and request rates from the raw series. */
function pyrraRaw(mine: Rule[]): { rawQuery?: string } {
  const raw = (name: string) => {
    const r = mine.find((m) => m.name === name);
    return r ? withRangePlaceholder(r.query, 300_000) : null;
  };
  const errors = raw('pyrra_errors:rate5m');
  const requests = raw('pyrra_requests:rate5m');
  return errors && requests ? { rawQuery: `1 - (${embeddable(errors)}) / (${embeddable(requests)})` } : {};
}

function parsePercent(text: string): number | null {
  const p = parseObjective(text);
  return p.ok ? p.value : null;
}

