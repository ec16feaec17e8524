/**
 * SLO entries from a context's config (YAML or JSON, snake_case keys) → SloDefinition.
 * Every failure names the entry and the field, because a config with six SLOs is hard to debug
 * from "invalid objective" alone. test/fixtures/slo/sla-table.yaml documents the shape.
 */
import { OncallError } from '../errors.js';
import { parseDuration } from '../duration.js';
import { parseCritical, parseObjective, type Parsed } from './parse.js';
import { BURN_WINDOWS, type BurnWindow, type SliSpec, type SloDefinition } from './types.js';

const ENTRY_KEYS = ['name', 'id', 'service', 'objective', 'window', 'critical', 'sli', 'description'];
const SELECTOR = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?|\{.+\})$/s;
const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PLACEHOLDER = /\{\{\s*\.window\s*\}\}|\$window\b/;

type Entry = Record<string, unknown>;

export function parseSloConfig(raw: unknown[]): SloDefinition[] {
  if (!Array.isArray(raw)) throw configError('slos', 'is not a list', 'write `slos:` followed by one `- name: …` entry per SLO');
  const defs = raw.map((entry, i) => parseEntry(entry, i));
  const seen = new Map<string, number>();
  defs.forEach((def, i) => {
    const first = seen.get(def.id);
    if (first !== undefined) {
      throw configError(where(i, def.name), `id "${def.id}" is already used by slos[${first}]`, 'give one of them a distinct `id`');
    }
    seen.set(def.id, i);
  });
  return defs;
}

function parseEntry(raw: unknown, index: number): SloDefinition {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(`slos[${index}]`, 'is not a mapping', 'each SLO is a mapping with name, service, objective, window and sli');
  }
  const e = raw as Entry;
  const name = typeof e.name === 'string' && e.name.trim() !== '' ? e.name.trim() : undefined;
  const at = where(index, name);
  if (!name) throw configError(at, 'name is missing', 'give every SLO a `name`');
  const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.includes(k));
  if (unknown.length > 0) throw configError(at, `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}`, `known keys: ${ENTRY_KEYS.join(', ')}`);
  const service = requireString(e, 'service', at, 'the service that owns this SLO, e.g. service: checkout');
  const id = e.id === undefined ? slug(name) : requireString(e, 'id', at, 'a short stable key, e.g. id: api-availability');

  const windowText = e.window === undefined ? '30d' : String(e.window);
  const windowMs = parseWindow(windowText, at);
  const sli = parseSli(e.sli, at);
  const objective = parseEntryObjective(e, sli.target, at);
  const critical = e.critical === undefined ? undefined : take(parseCritical(e.critical, seconds), `${at}: critical`);
  if (critical?.kind === 'below' && critical.ratio >= objective) {
    throw configError(at, `critical "below ${critical.ratio * 100}%" is not below the objective`, 'the critical threshold is worse than a breach: pick a lower percentage');
  }
  if (critical?.kind === 'quantile_above' && sli.spec.kind !== 'latency') {
    throw configError(at, 'critical on a percentile needs a latency sli', 'use `critical: below 99.5%` for ratio SLIs');
  }
  const description = typeof e.description === 'string' ? e.description : undefined;
  return { id, name, service, objective, window: windowText, windowMs, critical, sli: sli.spec, source: 'config', description };
}

function parseEntryObjective(e: Entry, target: unknown, at: string): number {
  if (e.objective === undefined && target === undefined) {
    throw configError(at, 'objective is missing', 'e.g. objective: 99.9% (or target: 95% inside a latency sli)');
  }
  const objective = e.objective === undefined ? undefined : take(parseObjective(e.objective), `${at}: objective`);
  const fromTarget = target === undefined ? undefined : take(parseObjective(target), `${at}: sli.latency.target`);
  if (objective !== undefined && fromTarget !== undefined && objective !== fromTarget) {
    throw configError(at, 'objective and sli.latency.target disagree', 'give the target in one place only');
  }
  return (objective ?? fromTarget)!;
}

function parseSli(raw: unknown, at: string): { spec: SliSpec; target?: unknown } {
  const hint = 'sli takes exactly one of ratio: {good|bad, total}, query: <promql>, latency: {metric, le, selector, target}';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError(at, 'sli is missing', hint);
  const s = raw as Entry;
  const kinds = ['ratio', 'query', 'latency'].filter((k) => k in s);
  if (kinds.length !== 1) throw configError(at, kinds.length === 0 ? 'sli has none of ratio, query, latency' : `sli has both ${kinds.join(' and ')}`, hint);
  const sliAt = `${at}: sli`;
  if ('ratio' in s) return { spec: parseRatioSli(s.ratio, `${sliAt}.ratio`) };
  if ('latency' in s) return parseLatencySli(s.latency, `${sliAt}.latency`);
  return { spec: parseQuerySli(s, sliAt) };
}

function parseRatioSli(raw: unknown, at: string): SliSpec {
  const hint = 'write ratio: {good: <counter selector>, total: <counter selector>} (or bad instead of good)';
  const r = asEntry(raw, at, hint);
  if (('good' in r) === ('bad' in r)) throw configError(at, 'needs exactly one of good or bad', hint);
  const total = eventsQuery(r, 'total', at, hint);
  if ('good' in r) return { kind: 'ratio', good: eventsQuery(r, 'good', at, hint), total };
  return { kind: 'ratio', bad: eventsQuery(r, 'bad', at, hint), total };
}

/** A counter selector, or a full expression that says where the window goes. */
function eventsQuery(r: Entry, key: string, at: string, hint: string): string {
  const value = requireString(r, key, at, hint);
  if (!PLACEHOLDER.test(value) && !SELECTOR.test(value)) {
    throw configError(at, `${key} is neither a counter selector nor a query with {{.window}}`, 'write a selector such as http_requests_total{job="api"}, or put {{.window}} where the range goes: sum(rate(x[{{.window}}]))');
  }
  return value;
}

function parseQuerySli(s: Entry, at: string): SliSpec {
  const query = requireString(s, 'query', at, 'a PromQL giving the good ratio (0..1), e.g. a recording rule');
  const measures = s.measures === undefined ? 'good' : s.measures;
  if (measures !== 'good' && measures !== 'bad') throw configError(at, `measures "${String(measures)}" is not good or bad`, 'measures: bad when the query is an error ratio');
  const burnQuery = s.burn_query === undefined ? undefined : requireString(s, 'burn_query', at, 'a PromQL with {{.window}}');
  if (burnQuery !== undefined && !PLACEHOLDER.test(burnQuery)) throw configError(at, 'burn_query has no {{.window}}', 'put {{.window}} where the range goes, e.g. [{{.window}}]');
  let windows: Partial<Record<BurnWindow, string>> | undefined;
  if (s.burn_queries !== undefined) {
    const map = asEntry(s.burn_queries, `${at}.burn_queries`, `keys: ${BURN_WINDOWS.join(', ')}`);
    windows = {};
    for (const [key, value] of Object.entries(map)) {
      if (!(BURN_WINDOWS as readonly string[]).includes(key)) throw configError(`${at}.burn_queries`, `"${key}" is not a burn window`, `use ${BURN_WINDOWS.join(', ')}`);
      windows[key as BurnWindow] = requireString(map, key, `${at}.burn_queries`, 'a PromQL string');
    }
  }
  const extra = Object.keys(s).filter((k) => !['query', 'measures', 'burn_query', 'burn_queries'].includes(k));
  if (extra.length > 0) throw configError(at, `unknown key "${extra[0]}"`, 'a query sli takes query, measures, burn_query, burn_queries');
  return { kind: 'query', query, measures, burnQuery, windows };
}

function parseLatencySli(raw: unknown, at: string): { spec: SliSpec; target?: unknown } {
  const hint = 'write latency: {metric: http_request_duration_seconds, le: "1", selector: \'{job="search"}\', target: 95%}';
  const l = asEntry(raw, at, hint);
  const metric = requireString(l, 'metric', at, hint).replace(/_(bucket|count|sum)$/, '');
  if (!METRIC.test(metric)) throw configError(at, `metric "${metric}" is not a metric name`, hint);
  const leRaw = typeof l.le === 'number' ? String(l.le) : l.le;
  if (typeof leRaw !== 'string' || !Number.isFinite(Number(leRaw)) || Number(leRaw) <= 0) {
    throw configError(at, `le ${JSON.stringify(l.le)} is not a bucket bound`, 'the histogram bucket in seconds, e.g. le: "1"');
  }
  const selector = l.selector === undefined ? '' : requireString(l, 'selector', at, hint).trim();
  if (selector !== '' && !/^\{.*\}$/s.test(selector)) throw configError(at, `selector "${selector}" is not in braces`, 'e.g. selector: \'{job="search"}\'');
  return { spec: { kind: 'latency', metric, le: leRaw, selector }, target: l.target };
}

function parseWindow(text: string, at: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw configError(at, `window "${text}" is not a duration`, 'e.g. window: 30d, 28d or 7d');
  }
}

/** "60s", "1m", "500ms", and also "0.5s", which parseDuration (integers only) refuses. */
function seconds(text: string): number | null {
  const decimal = /^(\d*\.\d+)s$/.exec(text.trim());
  if (decimal) return Number(decimal[1]);
  try {
    return parseDuration(text) / 1000;
  } catch {
    return null;
  }
}

function take<T>(p: Parsed<T>, at: string): T {
  if (p.ok) return p.value;
  throw new OncallError('config', `${at}: ${p.message}`, { hint: p.hint });
}

function requireString(e: Entry, key: string, at: string, hint: string): string {
  const v = e[key];
  if (typeof v !== 'string' || v.trim() === '') throw configError(at, `${key} is ${v === undefined ? 'missing' : 'not a text'}`, hint);
  return v.trim();
}

function asEntry(raw: unknown, at: string, hint: string): Entry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError(at, 'is not a mapping', hint);
  return raw as Entry;
}

function where(index: number, name?: string): string {
  return name ? `slos[${index}] ("${name}")` : `slos[${index}]`;
}

function configError(at: string, message: string, hint: string): OncallError {
  return new OncallError('config', `${at}: ${message}`, { hint });
}

/** "Website availability" → "website-availability". */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'slo';
}
