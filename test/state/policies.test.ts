import { describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../src/domain/response.js';
import { policyReader } from '../../src/state/policies.js';
import { incident } from './fixtures.js';

const policy = (id: string): EscalationPolicy => ({ id, name: id, rules: [{ delayMinutes: 15, targets: [] }, { delayMinutes: 30, targets: [] }] });

describe('escalation policies for the incident poll', () => {
  it('reads the policies of triggered incidents once each, keeps them, and reports one that fails without failing the rest', async () => {
    const asked: string[] = [];
    let now = 0;
    const read = policyReader(async (id) => {
      asked.push(id);
      if (id === 'PBAD') throw new Error('403 forbidden');
      return policy(id);
    }, () => now);
    const list = [
      incident('PINC1', { escalationPolicy: { id: 'PEP1', name: 'a' } }),
      incident('PINC2', { escalationPolicy: { id: 'PEP1', name: 'a' } }),
      incident('PINC3', { escalationPolicy: { id: 'PBAD', name: 'b' } }),
      incident('PINC4', { status: 'acknowledged', escalationPolicy: { id: 'PEP2', name: 'c' } }),
    ];
    const first = await read(list);
    expect(Object.keys(first.policies)).toEqual(['PEP1']);
    expect(first.errors).toEqual({ PBAD: '403 forbidden' });
    now = 60_000;
    const second = await read(list);
    expect(second.policies.PEP1).toEqual(policy('PEP1'));
    // The good one from the cache; the failed one tried again.
    expect(asked).toEqual(['PEP1', 'PBAD', 'PBAD']);
    now = 11 * 60_000;
    await read(list);
    expect(asked.filter((id) => id === 'PEP1')).toHaveLength(2);
  });

  it('says so when the client cannot read policies at all', async () => {
    const out = await policyReader(undefined, () => 0)([incident('PINC1', { escalationPolicy: { id: 'PEP1', name: 'a' } })]);
    expect(out.errors.PEP1).toMatch(/cannot read escalation policies/);
  });
});
