import { describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { parseMatchers } from '../../src/domain/matchers.js';
import { DEFAULT_MAX_SILENCE_MS, validateSilenceDraft } from '../../src/domain/silenceDraft.js';

const now = new Date('2024-05-01T12:00:00Z');
const good = {
  matchers: parseMatchers(['DiskFull', 'service=db']),
  startsAt: now,
  endsAt: new Date('2024-05-01T13:00:00Z'),
  createdBy: 'alice',
  comment: 'replacing the disk',
};

function refusal(draft: typeof good): string {
  try {
    validateSilenceDraft(draft, now);
  } catch (err) {
    expect(err).toBeInstanceOf(OncallError);
    expect((err as OncallError).kind).toBe('usage');
    return (err as OncallError).message;
  }
  throw new Error('expected the draft to be refused');
}

describe('validateSilenceDraft', () => {
  it('accepts a complete silence, including a planned one', () => {
    expect(() => validateSilenceDraft(good, now)).not.toThrow();
    expect(() => validateSilenceDraft({ ...good, startsAt: new Date('2024-05-02T00:00:00Z'), endsAt: new Date('2024-05-02T02:00:00Z') }, now)).not.toThrow();
  });

  it('refuses what Alertmanager would refuse, before sending', () => {
    expect(refusal({ ...good, matchers: [] })).toMatch(/at least one matcher/);
    expect(refusal({ ...good, matchers: parseMatchers(['team=~".*"', 'env!=prod']) })).toMatch(/would silence every alert/);
    expect(refusal({ ...good, endsAt: new Date('2024-05-01T11:00:00Z'), startsAt: new Date('2024-05-01T10:00:00Z') })).toMatch(/in the past/);
    expect(refusal({ ...good, endsAt: good.startsAt })).toMatch(/end before it starts/);
    expect(refusal({ ...good, createdBy: '  ' })).toMatch(/author/);
    expect(refusal({ ...good, comment: '' })).toMatch(/comment/);
    expect(refusal({ ...good, endsAt: new Date('nonsense') })).toMatch(/not a valid time/);
  });

  it('refuses a control character in a matcher, and a silence longer than max_silence (naming it)', () => {
    expect(refusal({ ...good, matchers: [{ name: 'instance', value: 'db-1\nrm', isRegex: false, isEqual: true }] })).toMatch(/control character/);
    expect(refusal({ ...good, matchers: [{ name: 'alertname', value: 'Disk\u001b[31m', isRegex: false, isEqual: true }] })).toMatch(/control character/);
    const long = { ...good, endsAt: new Date(now.getTime() + 1000 * 86_400_000) };
    expect(() => validateSilenceDraft(long, now, { maxMs: DEFAULT_MAX_SILENCE_MS })).toThrow(/would last 1000d, longer than max_silence \(30d\)/);
    expect(() => validateSilenceDraft(long, now, { maxMs: 2000 * 86_400_000 })).not.toThrow();
  });

  it('allows empty-matching matchers alongside one that needs a value', () => {
    expect(() => validateSilenceDraft({ ...good, matchers: parseMatchers(['team=~".*"', 'service=db']) }, now)).not.toThrow();
  });
});
