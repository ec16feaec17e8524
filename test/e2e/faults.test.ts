/**
 * A few of the fault bench's scenarios (`npm run bench -- faults` runs them all), as tests: the built
 * binary behind fault proxies must tell the truth about writes whose answer was lost, never do one
 * twice when the user retries, wait out a 429, fail in one line, and never print a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOutcome, runScenario } from '../helpers/fault-scenarios.js';
import { AM_USER, SECRETS, startFaultWorld, type FaultWorld } from '../helpers/fault-world.js';
import { leakedSecrets } from '../helpers/faults.js';

let w: FaultWorld;
beforeAll(async () => {
  w = await startFaultWorld();
}, 120_000);
afterAll(async () => {
  await w?.stop();
});

describe('the secret grep', () => {
  it('finds a secret as written, URL-encoded, or inside a Basic Authorization header', () => {
    expect(leakedSecrets(`token=${SECRETS.pagerduty}`, [SECRETS.pagerduty])).toEqual([SECRETS.pagerduty]);
    const basic = Buffer.from(`${AM_USER}:${SECRETS.alertmanagerPassword}`).toString('base64');
    expect(leakedSecrets(`authorization: Basic ${basic}`, [], [{ username: AM_USER, password: SECRETS.alertmanagerPassword }])).toHaveLength(1);
    expect(leakedSecrets('nothing here', Object.values(SECRETS))).toEqual([]);
  });
});

describe('faults', () => {
  it.each([
    'incident note, answer lost',
    'silence extend, answer lost, read-back fails',
    'incident note, 429 ratelimit-reset 2',
    'silence add, connection reset unsent',
    'alerts, 429 ratelimit-reset 2',
    'incidents, garbage body',
    'status, PagerDuty refused, critical firing',
    'incidents with DEBUG=*',
  ])('%s: survived, nothing lost or doubled, no secret printed', async (name) => {
    const o = await runScenario(w, name);
    expect(o, o.note).toMatchObject({ survived: true, lost: 0, duplicated: 0, leaked: [] });
  }, 60_000);

  it('the audit file holds none of the secrets', async () => {
    expect((await auditOutcome(w)).leaked).toEqual([]);
  });
});
