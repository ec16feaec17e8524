import { describe, expect, it } from 'vitest';
import { coversDraft } from '../../src/domain/silences.js';
import type { Silence, SilenceDraft } from '../../src/domain/types.js';

const T = Date.parse('2026-11-23T10:00:00Z');
const m = [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }];
const draft: SilenceDraft = { matchers: m, startsAt: new Date(T), endsAt: new Date(T + 4 * 3_600_000), createdBy: 'me', comment: 'disk swap' };
const existing = (patch: Partial<Silence>): Silence => ({ id: 's1', state: 'active', ...draft, ...patch }) as Silence;

describe('coversDraft', () => {
  it('counts a silence an earlier attempt made (server start a few seconds off)', () => {
    expect(coversDraft(existing({ startsAt: new Date(T + 2000) }), draft)).toBe(true);
  });

  it('does not count a look-alike that ends sooner or starts later than asked', () => {
    expect(coversDraft(existing({ endsAt: new Date(T + 120_000) }), draft)).toBe(false);
    expect(coversDraft(existing({ state: 'pending', startsAt: new Date(T + 86_400_000), endsAt: new Date(T + 90_000_000) }), draft)).toBe(false);
  });

  it('does not count an expired one, another author, comment or matchers', () => {
    expect(coversDraft(existing({ state: 'expired' }), draft)).toBe(false);
    expect(coversDraft(existing({ createdBy: 'you' }), draft)).toBe(false);
    expect(coversDraft(existing({ comment: 'other' }), draft)).toBe(false);
    expect(coversDraft(existing({ matchers: [{ ...m[0]!, value: 'DiskLow' }] }), draft)).toBe(false);
  });
});
