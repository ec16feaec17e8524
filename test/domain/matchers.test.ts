import { describe, expect, it } from 'vitest';
import {
  formatMatcher,
  matcherMatches,
  matchersEqual,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from '../../src/domain/matchers.js';
import { usageOf } from '../helpers/errors.js';

const m = (name: string, value: string, isRegex = false, isEqual = true) => ({ name, value, isRegex, isEqual });

describe('parseMatcher', () => {
  it('reads every operator', () => {
    expect(parseMatcher('severity=critical')).toEqual(m('severity', 'critical'));
    expect(parseMatcher('severity!=info')).toEqual(m('severity', 'info', false, false));
    expect(parseMatcher('service=~api|web')).toEqual(m('service', 'api|web', true, true));
    expect(parseMatcher('service!~"db.*"')).toEqual(m('service', 'db.*', true, false));
  });

  it('accepts quoted values with escapes and spaces around the operator', () => {
    expect(parseMatcher('summary = "disk \\"full\\" on a\\\\b"')).toEqual(m('summary', 'disk "full" on a\\b'));
    expect(parseMatcher('x="a, b"')).toEqual(m('x', 'a, b'));
    expect(parseMatcher('x=""')).toEqual(m('x', ''));
    // An unknown escape stays literal so regex classes work without doubling backslashes.
    expect(parseMatcher('x=~"\\d+"').value).toBe('\\d+');
  });

  it('rejects typos with a hint listing the valid forms', () => {
    const err = usageOf(() => parseMatcher('severity==critical'));
    expect(err.message).toBe('"severity==critical" is not a matcher');
    expect(err.hint).toContain('name=value, name!=value, name=~regex or name!~regex');
    usageOf(() => parseMatcher('severity'));
    usageOf(() => parseMatcher('1abc=x'));
    usageOf(() => parseMatcher('x="unterminated'));
    usageOf(() => parseMatcher('x="a"b'));
    usageOf(() => parseMatcher(''));
  });

  it('names the matcher whose regex is invalid', () => {
    const err = usageOf(() => parseMatcher('service=~"api("'));
    expect(err.message).toContain('service=~"api("');
    expect(err.message).toMatch(/invalid regular expression/);
  });
});

describe('parseMatchers', () => {
  it('treats a bare first word as the alertname', () => {
    expect(parseMatchers(['HighLatency', 'severity=critical'])).toEqual([
      m('alertname', 'HighLatency'),
      m('severity', 'critical'),
    ]);
  });

  it('does not treat later bare words as alertnames', () => {
    usageOf(() => parseMatchers(['severity=critical', 'HighLatency']));
  });

  it('reads a braced list in one argument or spread over several', () => {
    const want = [m('a', 'b'), m('c', 'd', true)];
    expect(parseMatchers(['{a="b", c=~"d"}'])).toEqual(want);
    expect(parseMatchers(['{a="b",', 'c=~"d"}'])).toEqual(want);
    expect(parseMatchers(['{}'])).toEqual([]);
    usageOf(() => parseMatchers(['{a="b"']));
  });

  it('splits comma lists but keeps commas inside quotes and regex repeats', () => {
    expect(parseMatchers(['a=b,c!=d'])).toEqual([m('a', 'b'), m('c', 'd', false, false)]);
    expect(parseMatchers(['x="1,2"', 'y=~a{1,3}'])).toEqual([m('x', '1,2'), m('y', 'a{1,3}', true)]);
  });

  it('returns nothing for no arguments', () => {
    expect(parseMatchers([])).toEqual([]);
  });
});

describe('formatMatcher', () => {
  it('round-trips through parseMatcher, including awkward values', () => {
    const cases = [
      m('a', 'b'),
      m('a', 'with "quotes" and \\ backslash', false, false),
      m('re', '\\d+\\.\\d+', true),
      m('nl', 'line1\nline2', true, false),
      m('empty', ''),
    ];
    for (const c of cases) expect(parseMatcher(formatMatcher(c))).toEqual(c);
    expect(formatMatcher(m('service', 'api|web', true, false))).toBe('service!~"api|web"');
  });
});

describe('matcherMatches', () => {
  it('anchors regexes: =~"api" does not match api-gw', () => {
    const re = parseMatcher('service=~"api"');
    expect(matcherMatches(re, { service: 'api' })).toBe(true);
    expect(matcherMatches(re, { service: 'api-gw' })).toBe(false);
    expect(matcherMatches(parseMatcher('service=~"api|web"'), { service: 'myapi' })).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    expect(matcherMatches(parseMatcher('team=""'), {})).toBe(true);
    expect(matcherMatches(parseMatcher('team!=ops'), {})).toBe(true);
    expect(matcherMatches(parseMatcher('team=~".*"'), {})).toBe(true);
    expect(matcherMatches(parseMatcher('team=~".+"'), {})).toBe(false);
  });

  it('negates for != and !~', () => {
    expect(matcherMatches(parseMatcher('sev!=warning'), { sev: 'warning' })).toBe(false);
    expect(matcherMatches(parseMatcher('sev!~"warn.*"'), { sev: 'critical' })).toBe(true);
  });

  it('understands a leading (?i) flag as Go does', () => {
    expect(matcherMatches(parseMatcher('env=~"(?i)PROD"'), { env: 'prod' })).toBe(true);
  });

  it('matchesAll needs every matcher', () => {
    const ms = parseMatchers(['HighLatency', 'severity=~"crit.*"']);
    expect(matchesAll(ms, { alertname: 'HighLatency', severity: 'critical' })).toBe(true);
    expect(matchesAll(ms, { alertname: 'HighLatency', severity: 'warning' })).toBe(false);
    expect(matchesAll([], { any: 'thing' })).toBe(true);
  });
});

describe('matchersEqual', () => {
  it('ignores order but not operator or value', () => {
    const a = parseMatchers(['a=b', 'c=~d']);
    expect(matchersEqual(a, parseMatchers(['c=~d', 'a=b']))).toBe(true);
    expect(matchersEqual(a, parseMatchers(['a=b', 'c=d']))).toBe(false);
    expect(matchersEqual(a, parseMatchers(['a=b']))).toBe(false);
    expect(matchersEqual(parseMatchers(['a=b', 'a=b']), parseMatchers(['a=b', 'c=d']))).toBe(false);
  });
});
