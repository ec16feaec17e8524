import { describe, expect, it } from 'vitest';
import { parse, typeOf } from '../../../src/demo/prometheus/parser.js';

describe('PromQL parser: the supported subset', () => {
  it('reads a selector with every kind of label matcher', () => {
    const e = parse('http_requests_total{code="200", method!="GET", path=~"/api/.*", host!~\'db.+\'}');
    expect(e).toMatchObject({
      type: 'selector',
      matchers: [
        { name: '__name__', op: '=', value: 'http_requests_total' },
        { name: 'code', op: '=', value: '200' },
        { name: 'method', op: '!=', value: 'GET' },
        { name: 'path', op: '=~', value: '/api/.*' },
        { name: 'host', op: '!~', value: 'db.+' },
      ],
    });
  });

  it('reads a range selector in seconds, including compound durations', () => {
    expect(parse('x[5m]')).toMatchObject({ type: 'matrix', range: 300 });
    expect(parse('x[1h30m]')).toMatchObject({ type: 'matrix', range: 5400 });
    expect(parse('x[30d]')).toMatchObject({ type: 'matrix', range: 30 * 86400 });
  });

  it('reads numbers: decimals, exponents, hex, Inf and NaN, negatives', () => {
    expect(parse('1.5e3')).toMatchObject({ type: 'number', value: 1500 });
    expect(parse('0x1f')).toMatchObject({ value: 31 });
    expect(parse('-Inf')).toMatchObject({ value: -Infinity });
    expect((parse('NaN') as { value: number }).value).toBeNaN();
  });

  it('gives * and / precedence over + and -, and comparisons and or lower still', () => {
    const e = parse('a + b * c > 1 or d');
    expect(e).toMatchObject({
      op: 'or',
      lhs: { op: '>', lhs: { op: '+', rhs: { op: '*' } }, rhs: { type: 'number', value: 1 } },
      rhs: { type: 'selector' },
    });
    expect(parse('a - b - c')).toMatchObject({ op: '-', lhs: { op: '-' } });
  });

  it('reads aggregations with by/without before or after the argument', () => {
    expect(parse('sum by (service, le) (rate(x[5m]))')).toMatchObject({
      type: 'aggregate', op: 'sum', grouping: { without: false, labels: ['service', 'le'] }, expr: { type: 'call', func: 'rate' },
    });
    expect(parse('max(x) without (instance)')).toMatchObject({ op: 'max', grouping: { without: true, labels: ['instance'] } });
    expect(parse('count(x)')).toMatchObject({ op: 'count', grouping: undefined });
  });

  it('reads bool and on()/ignoring() modifiers', () => {
    expect(parse('a > bool 0.5')).toMatchObject({ op: '>', returnBool: true });
    expect(parse('a / on(service) b')).toMatchObject({ op: '/', matching: { on: true, labels: ['service'] } });
    expect(parse('a / ignoring(code) b')).toMatchObject({ matching: { on: false, labels: ['code'] } });
  });

  it('types each expression as Prometheus does', () => {
    expect(typeOf(parse('1 + 2'))).toBe('scalar');
    expect(typeOf(parse('vector(1)'))).toBe('vector');
    expect(typeOf(parse('x[5m]'))).toBe('matrix');
    expect(typeOf(parse('histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))'))).toBe('vector');
    expect(typeOf(parse('clamp_max(x, 1) * 2'))).toBe('vector');
    expect(typeOf(parse('label_replace(x, "a", "b", "c", ("d"))'))).toBe('vector');
  });
});

describe('PromQL parser: errors say what is wrong, and what is not supported', () => {
  const error = (q: string): string => {
    try {
      parse(q);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`expected "${q}" to fail`);
  };

  it('names the offset modifier, subqueries, @ and unsupported operators', () => {
    expect(error('rate(x[5m] offset 1h)')).toMatch(/offset modifier is not supported by the demo Prometheus/);
    expect(error('max_over_time(rate(x[5m])[1d:5m])')).toMatch(/subqueries like \[1d:5m\] are not supported/);
    expect(error('x @ 1700000000')).toMatch(/@ modifier is not supported/);
    expect(error('a and b')).toMatch(/"and" operator is not supported/);
    expect(error('a unless b')).toMatch(/"unless" operator is not supported/);
    expect(error('a % 2')).toMatch(/"%" operator is not supported/);
    expect(error('a / on(x) group_left b')).toMatch(/group_left is not supported/);
  });

  it('names unsupported functions and aggregations, and unknown ones', () => {
    expect(error('irate(x[5m])')).toMatch(/function "irate" is not supported by the demo Prometheus \(supported: rate, increase/);
    expect(error('topk(3, x)')).toMatch(/aggregation "topk" is not supported/);
    expect(error('frobnicate(x)')).toMatch(/unknown function with name "frobnicate"/);
  });

  it('reports where the error is, in the line:column form Prometheus uses', () => {
    expect(error('sum(x')).toMatch(/^1:6: parse error: unexpected end of input in aggregation "sum", expected "\)"/);
    expect(error('x{a=1}')).toMatch(/^1:5: parse error: .*expected string/);
    expect(error('')).toMatch(/no expression found in input/);
    expect(error('x y')).toMatch(/^1:3: parse error: unexpected identifier "y"/);
  });

  it('checks types like Prometheus', () => {
    expect(error('rate(x)')).toMatch(/expected type range vector in call to function "rate", got instant vector/);
    expect(error('1 > 2')).toMatch(/comparisons between scalars must use BOOL modifier/);
    expect(error('1 or x')).toMatch(/set operator "or" not allowed in binary scalar expression/);
    expect(error('a + bool b')).toMatch(/bool modifier can only be used on comparison operators/);
    expect(error('x[5m] + 1')).toMatch(/binary expression must contain only scalar and instant vector types/);
    expect(error('{a=""}')).toMatch(/vector selector must contain at least one non-empty matcher/);
    expect(error('histogram_quantile(0.9)')).toMatch(/expected 2 argument\(s\) in call to "histogram_quantile", got 1/);
    expect(error('x{a=~"("}')).toMatch(/invalid regular expression/);
    expect(error('label_replace(0.99, "a", "b", "", "")')).toMatch(/expected type instant vector in call to function "label_replace", got scalar/);
    expect(error('label_replace(x, "a", 1, "", "")')).toMatch(/expected type string in call to function "label_replace", got scalar/);
    expect(error('"a" + 1')).toMatch(/binary expression must contain only scalar and instant vector types/);
  });

  it('takes string literals only as function arguments', () => {
    expect(error('"abc"')).toMatch(/^1:1: parse error: string literals are not supported by the demo Prometheus/);
    expect(error('-"abc"')).toMatch(/unary expression only allowed on expressions of type scalar or instant vector/);
  });
});
