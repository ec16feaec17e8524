import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSloConfig } from '../../../src/domain/slo/config.js';
import { OncallError } from '../../../src/domain/errors.js';

const fixture = parse(readFileSync(new URL('../../fixtures/slo/sla-table.yaml', import.meta.url), 'utf8')) as { slos: unknown[] };

function failure(entries: unknown[]): OncallError {
  try {
    parseSloConfig(entries);
  } catch (err) {
    expect(err).toBeInstanceOf(OncallError);
    return err as OncallError;
  }
  throw new Error('expected parseSloConfig to throw');
}

const base = { name: 'API', service: 'api', objective: '99.9%', sli: { ratio: { bad: 'errors_total', total: 'requests_total' } } };

describe('parseSloConfig on the README SLA table', () => {
  const defs = parseSloConfig(fixture.slos);

  it('reads every row with its target and critical threshold', () => {
    expect(defs.map((d) => [d.name, d.objective, d.windowMs / 86_400_000])).toEqual([
      ['Website availability', 0.999, 30],
      ['API availability', 0.9995, 30],
      ['Transaction success', 0.998, 30],
      ['Order processing', 0.95, 30],
      ['Search', 0.95, 30],
      ['Checkout completion', 0.85, 30],
    ]);
    expect(defs.map((d) => d.critical)).toEqual([
      { kind: 'below', ratio: 0.995 },
      { kind: 'below', ratio: 0.998 },
      { kind: 'below', ratio: 0.995 },
      { kind: 'quantile_above', quantile: 0.95, seconds: 60 },
      { kind: 'quantile_above', quantile: 0.95, seconds: 3 },
      { kind: 'below', ratio: 0.7 },
    ]);
  });

  it('keeps the SLI kinds and gives stable ids', () => {
    expect(defs.map((d) => d.sli.kind)).toEqual(['query', 'ratio', 'ratio', 'latency', 'latency', 'ratio']);
    expect(defs[0]!.id).toBe('website-availability');
    expect(defs[4]!.sli).toEqual({ kind: 'latency', metric: 'http_request_duration_seconds', le: '1', selector: '{job="search"}' });
    expect(defs.every((d) => d.source === 'config')).toBe(true);
  });
});

describe('objectives in both directions', () => {
  const objective = (o: unknown) => parseSloConfig([{ ...base, objective: o }])[0]!.objective;
  it('accepts percentages, ratios and Sloth-style numbers', () => {
    expect(objective('99.9%')).toBe(0.999);
    expect(objective(0.999)).toBe(0.999);
    expect(objective(99.9)).toBe(0.999);
    expect(objective('at least 99.95% up')).toBe(0.9995);
    expect(objective('above 85%')).toBe(0.85);
  });
  it('reads "at most 1% errors" as a 99% objective', () => {
    expect(objective('at most 1% errors')).toBe(0.99);
    expect(objective('<= 0.5%')).toBe(0.995);
  });
  it('reads "errors above 2%" as critical below 98%', () => {
    expect(parseSloConfig([{ ...base, objective: '99%', critical: 'errors above 2%' }])[0]!.critical).toEqual({ kind: 'below', ratio: 0.98 });
  });
  it('accepts structured critical thresholds and a 7d window', () => {
    const [d] = parseSloConfig([{ ...base, window: '7d', critical: { below: '99%' } }]);
    expect(d!.critical).toEqual({ kind: 'below', ratio: 0.99 });
    expect(d!.windowMs).toBe(7 * 86_400_000);
  });
});

describe('bad entries say which entry, which field, and what to do', () => {
  it('names a missing objective', () => {
    const err = failure([base, { ...base, name: 'Search', objective: undefined }]);
    expect(err.kind).toBe('config');
    expect(err.message).toBe('slos[1] ("Search"): objective is missing');
    expect(err.hint).toMatch(/99\.9%/);
  });
  it('refuses 100% (no budget) and nonsense', () => {
    expect(failure([{ ...base, objective: '100%' }]).message).toMatch(/objective: 100% leaves no usable error budget/);
    expect(failure([{ ...base, objective: 'high' }]).message).toMatch(/objective: "high" is not an objective/);
  });
  it('catches typos in keys', () => {
    const err = failure([{ ...base, objetive: '99%' }]);
    expect(err.message).toMatch(/unknown key "objetive"/);
    expect(err.hint).toMatch(/objective/);
  });
  it('rejects an SLI with both good and bad, or none', () => {
    expect(failure([{ ...base, sli: { ratio: { good: 'a', bad: 'b', total: 'c' } } }]).message).toMatch(/sli\.ratio: needs exactly one of good or bad/);
    expect(failure([{ ...base, sli: {} }]).message).toMatch(/sli has none of ratio, query, latency/);
  });
  it('rejects an expression that hides its window', () => {
    const err = failure([{ ...base, sli: { ratio: { bad: 'sum(rate(errors_total[5m]))', total: 'requests_total' } } }]);
    expect(err.message).toMatch(/bad is neither a counter selector nor a query with \{\{\.window\}\}/);
  });
  it('rejects a bad window, a critical above the objective, and p95 on a ratio SLI', () => {
    expect(failure([{ ...base, window: '30 days' }]).message).toMatch(/window "30 days" is not a duration/);
    expect(failure([{ ...base, critical: 'below 99.95%' }]).message).toMatch(/is not below the objective/);
    expect(failure([{ ...base, critical: 'p95 over 3s' }]).message).toMatch(/needs a latency sli/);
  });
  it('rejects a latency target that disagrees with the objective', () => {
    const sli = { latency: { metric: 'x_seconds', le: '1', target: '95%' } };
    expect(failure([{ ...base, objective: '99%', sli }]).message).toMatch(/objective and sli\.latency\.target disagree/);
  });
  it('rejects duplicate ids and entries that are not mappings', () => {
    expect(failure([base, base]).message).toMatch(/id "api" is already used by slos\[0\]/);
    expect(failure(['api']).message).toBe('slos[0]: is not a mapping');
  });
});
