import { OncallError } from '../../domain/errors.js';
import type { Labels, Rule, Sample, Series } from '../../domain/types.js';
import { badResponse, parsePair } from './values.js';

/** What the mappers return besides the data: notes for the user, such as skipped histograms. */
export interface Mapped<T> {
  value: T;
  notes: string[];
}

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function labelsOf(raw: unknown): Labels {
  const out: Labels = {};
  if (!isObj(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

function resultOf(data: unknown, source: string): { type: string; result: unknown } {
  if (!isObj(data) || typeof data.resultType !== 'string') throw badResponse('no resultType in the query result', source);
  return { type: data.resultType, result: data.result };
}

function listOf(result: unknown, source: string): unknown[] {
  if (!Array.isArray(result)) throw badResponse('query result is not a list', source);
  return result;
}

/** Native histograms have no single value; they are left out and counted so the user knows. */
function histogramNote(count: number): string[] {
  return count > 0 ? [`${count} native histogram series left out (query a bucket or a _count/_sum instead)`] : [];
}

/** Maps the `data` of an instant query. A scalar becomes one sample with no labels. */
export function toSamples(data: unknown, source: string): Mapped<Sample[]> {
  const { type, result } = resultOf(data, source);
  if (type === 'scalar') {
    const [time, value] = parsePair(result, source);
    return { value: [{ metric: {}, value, time }], notes: [] };
  }
  if (type === 'vector') {
    const samples: Sample[] = [];
    let histograms = 0;
    for (const item of listOf(result, source)) {
      if (!isObj(item)) throw badResponse('a vector sample is not an object', source);
      if (item.value === undefined && item.histogram !== undefined) {
        histograms++;
        continue;
      }
      const [time, value] = parsePair(item.value, source);
      samples.push({ metric: labelsOf(item.metric), value, time });
    }
    return { value: samples, notes: histogramNote(histograms) };
  }
  if (type === 'matrix') {
    throw new OncallError('usage', 'the query returns a range vector (it ends in [duration]), which an instant query cannot show', {
      source,
      hint: 'use a range query, or wrap it in a function such as rate(…[5m]) or max_over_time(…[5m])',
    });
  }
  if (type === 'string') {
    throw new OncallError('bad_response', 'the query returns a string, not a number', {
      source,
      hint: 'query an expression that yields a number or a vector',
    });
  }
  throw badResponse(`unknown resultType "${type}"`, source);
}

/** Maps the `data` of a range query, which Prometheus always answers as a matrix. */
export function toSeries(data: unknown, source: string): Mapped<Series[]> {
  const { type, result } = resultOf(data, source);
  if (type !== 'matrix') throw badResponse(`a range query answered resultType "${type}"`, source);
  const series: Series[] = [];
  let histograms = 0;
  for (const item of listOf(result, source)) {
    if (!isObj(item)) throw badResponse('a series is not an object', source);
    if (item.values === undefined && item.histograms !== undefined) {
      histograms++;
      continue;
    }
    const values = item.values === undefined ? [] : listOf(item.values, source);
    series.push({ metric: labelsOf(item.metric), points: values.map((p) => parsePair(p, source)) });
  }
  return { value: series, notes: histogramNote(histograms) };
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : '';
}

/** Maps `/api/v1/rules` data ({groups:[{name, file, rules:[…]}]}) to a flat list of rules. */
export function toRules(data: unknown, source: string): Rule[] {
  if (!isObj(data) || !Array.isArray(data.groups)) throw badResponse('no rule groups in the answer', source);
  const rules: Rule[] = [];
  for (const group of data.groups) {
    if (!isObj(group) || !Array.isArray(group.rules)) continue;
    for (const r of group.rules) {
      if (!isObj(r)) continue;
      const kind = r.type === 'recording' ? 'recording' : r.type === 'alerting' ? 'alerting' : undefined;
      if (!kind) continue;
      const rule: Rule = {
        kind,
        name: str(r.name),
        query: str(r.query),
        labels: labelsOf(r.labels),
        annotations: labelsOf(r.annotations),
        group: str(group.name),
        file: str(group.file),
      };
      if (typeof r.health === 'string' && r.health !== '') rule.health = r.health;
      if (typeof r.lastError === 'string' && r.lastError !== '') rule.lastError = r.lastError;
      rules.push(rule);
    }
  }
  return rules;
}

export interface BuildInfo {
  version: string;
  revision?: string;
  branch?: string;
  goVersion?: string;
}

export function toBuildInfo(data: unknown, source: string): BuildInfo {
  if (!isObj(data) || typeof data.version !== 'string') throw badResponse('no version in the build info', source);
  const info: BuildInfo = { version: data.version };
  if (typeof data.revision === 'string' && data.revision) info.revision = data.revision;
  if (typeof data.branch === 'string' && data.branch) info.branch = data.branch;
  if (typeof data.goVersion === 'string' && data.goVersion) info.goVersion = data.goVersion;
  return info;
}
