import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/actions/audit.js';
import type { ActionDeps } from '../../src/actions/ports.js';
import { reconcileLeftovers } from '../../src/actions/reconcile.js';
import { PagerDutyClient } from '../../src/sources/pagerduty/client.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

/**
 * A workflow write whose process died while its request was out (a started line, no outcome) is
 * settled at the next start by reading PagerDuty back: ok when the fake shows the write, failed when not.
 */
let dir: string;
let audit: AuditLog;
let fake: FakePagerDuty;
let pd: PagerDutyClient;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-reconcile-flow-'));
  audit = new AuditLog(join(dir, 'audit.jsonl'));
  fake = await startFakePagerDuty(demoSeed());
  pd = new PagerDutyClient({ transport: { baseURL: fake.url, name: 'pagerduty' }, token: DEMO_TOKEN, from: DEMO_FROM });
});
afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

// The write started five minutes ago; the next start is now.
const startedAt = () => new Date(Math.floor((Date.now() - 5 * 60_000) / 1000) * 1000);
const deps = (): ActionDeps => ({ audit, context: { name: 'prod', author: 'ada', pdFrom: DEMO_FROM }, now: () => new Date() });
const started = (patch: Partial<AuditEntry> & Pick<AuditEntry, 'action' | 'target'>): AuditEntry => ({
  time: startedAt().toISOString(), op: `op-${patch.action}`, context: 'prod', user: DEMO_FROM, outcome: 'started', ...patch,
});

interface Case {
  name: string;
  line: () => Promise<AuditEntry>;
  /** What the lost request did at the server. */
  write: () => Promise<unknown>;
}

const p1 = async () => (await pd.priorities()).find((p) => p.name === 'P1')!;
const cases: Case[] = [
  { name: 'incident.escalate', line: async () => started({ action: 'incident.escalate', target: 'PINC005' }), write: () => pd.escalate('PINC005', 2) },
  { name: 'incident.reassign', line: async () => started({ action: 'incident.reassign', target: 'PINC005', ids: ['PUSRLIN'] }), write: () => pd.reassign('PINC005', ['PUSRLIN']) },
  { name: 'incident.snooze', line: async () => started({ action: 'incident.snooze', target: 'PINC003', end: new Date(Date.now() + 3_600_000).toISOString() }), write: () => pd.snooze('PINC003', 3600) },
  { name: 'incident.priority', line: async () => started({ action: 'incident.priority', target: 'PINC005', ids: [(await p1()).id] }), write: async () => pd.setPriority('PINC005', (await p1()).id) },
  { name: 'incident.merge', line: async () => started({ action: 'incident.merge', target: 'PINC004', ids: ['PINC005'] }), write: () => pd.merge('PINC004', ['PINC005']) },
  {
    name: 'schedule.override',
    line: async () => started({ action: 'schedule.override', target: 'PSCHPA2', start: startedAt().toISOString(), end: new Date(startedAt().getTime() + 4 * 3_600_000).toISOString() }),
    write: () => pd.addOverride('PSCHPA2', { userId: 'PUSRADA', start: startedAt(), end: new Date(startedAt().getTime() + 4 * 3_600_000) }),
  },
];

const outcomeLines = async (action: string) => (await audit.entries()).filter((l) => l.action === action && l.outcome !== 'started');

describe('restart reconciliation of the incident workflow writes', () => {
  for (const c of cases) {
    it(`${c.name}: ok when PagerDuty shows it took effect`, async () => {
      await audit.append(await c.line());
      await c.write();
      const settled = await reconcileLeftovers(deps(), { pd });
      expect(settled.map((s) => `${s.entry.action}:${s.outcome}`)).toEqual([`${c.name}:ok`]);
      expect(settled[0]?.message).toMatch(/shows it took effect/);
      expect(await outcomeLines(c.name)).toEqual([expect.objectContaining({ outcome: 'ok', reconciled: true })]);
      // Settled once: the next start leaves it alone.
      expect(await reconcileLeftovers(deps(), { pd })).toEqual([]);
    });

    it(`${c.name}: failed when PagerDuty shows nothing of it`, async () => {
      await audit.append(await c.line());
      const settled = await reconcileLeftovers(deps(), { pd });
      expect(settled.map((s) => `${s.entry.action}:${s.outcome}`)).toEqual([`${c.name}:failed`]);
      expect(await outcomeLines(c.name)).toEqual([expect.objectContaining({ outcome: 'failed', reconciled: true })]);
    });
  }
});
