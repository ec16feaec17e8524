import { describe, expect, it } from 'vitest';
import { checkSilenceRefs, parseIncidentRef, resolveIncidentRefs, resolveSilenceRef } from '../../src/domain/ids.js';
import { OncallError } from '../../src/domain/errors.js';

const silences = [
  { id: 'c8fc41e4-1111-4000-8000-000000000001', state: 'active' as const },
  { id: 'c8fc41e4-2222-4000-8000-000000000002', state: 'expired' as const },
  { id: '0a1b2c3d-3333-4000-8000-000000000003', state: 'active' as const },
];

describe('silence ids as the dashboard shows them', () => {
  it('takes a unique prefix of 8 or more characters, whole ids, any case', () => {
    expect(resolveSilenceRef('0a1b2c3d', silences)).toBe(silences[2]!.id);
    expect(resolveSilenceRef('c8fc41e4-2222', silences)).toBe(silences[1]!.id);
    expect(checkSilenceRefs(['0A1B2C3D'])).toEqual(['0a1b2c3d']);
  });

  it('refuses an ambiguous prefix with every candidate, a short or malformed one before anything is sent', () => {
    let err: OncallError | undefined;
    try {
      resolveSilenceRef('c8fc41e4', silences);
    } catch (e) {
      err = e as OncallError;
    }
    expect(err?.kind).toBe('usage');
    expect(err?.message).toContain('ambiguous');
    expect(err?.message).toContain(silences[0]!.id);
    expect(err?.message).toContain(`${silences[1]!.id} (expired)`);
    expect(() => checkSilenceRefs(['c8fc41e'])).toThrow(/not a silence id/);
    expect(() => checkSilenceRefs(['zzzzzzzz'])).toThrow(/not a silence id/);
    expect(() => resolveSilenceRef('deadbeef', silences)).toThrow(/no silence with an id starting deadbeef/);
  });
});

describe('incident numbers', () => {
  it('reads 5 and #5 as numbers and anything else as an id, and finds numbers in order', () => {
    expect(parseIncidentRef('5')).toEqual({ number: 5 });
    expect(parseIncidentRef('#5')).toEqual({ number: 5 });
    expect(parseIncidentRef('PT4KHLK')).toEqual({ id: 'PT4KHLK' });
    const incidents = [{ id: 'PAAAAAA', number: 5 }, { id: 'PBBBBBB', number: 7 }];
    expect(resolveIncidentRefs([{ number: 7 }, { id: 'PCCCCCC' }, { number: 5 }, { number: 9 }], incidents)).toEqual({ ids: ['PBBBBBB', 'PCCCCCC', 'PAAAAAA'], missing: [9] });
  });
});
