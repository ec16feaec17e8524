import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * `oncall incident priority ID TEXT` matches TEXT as a name before an id. Here one priority is named
 * after another's id: the fake gives P1 the id PPRIP10, and a second priority is named "PPRIP10".
 */
let pd: FakePagerDuty;
let dir: string;

beforeAll(async () => {
  pd = await startFakePagerDuty({ ...demoSeed(), priorities: ['P1', 'P2', 'PPRIP10'] });
  dir = await mkdtemp(join(tmpdir(), 'oncall-priority-'));
});
afterAll(async () => {
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty: false, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const byName = (name: string) => pd.state.priorities.find((p) => p.name === name)!;

describe('priority named like another priority\'s id', () => {
  it('the fixture really clashes', () => {
    expect(byName('P1').id).toBe('PPRIP10');
    expect(byName('PPRIP10').id).not.toBe('PPRIP10');
  });

  it('--dry-run shows the id of the priority so named', async () => {
    const r = await oncall(['incident', 'priority', 'PINC002', 'PPRIP10', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`"id": "${byName('PPRIP10').id}"`);
  });

  it('sets the priority so named, not the one with that id', async () => {
    const r = await oncall(['incident', 'priority', 'PINC002', 'PPRIP10', '--yes']);
    expect(r.err).toBe('');
    expect(r.out).toBe('PINC002: priority PPRIP10\n');
    const sent = pd.requests.filter((q) => q.method === 'PUT' && q.path === '/incidents/PINC002');
    expect(sent.map((q) => q.body)).toEqual([{ incident: { type: 'incident_reference', priority: { id: byName('PPRIP10').id, type: 'priority_reference' } } }]);
    expect(pd.state.incidents.find((i) => i.id === 'PINC002')!.priority).toBe('PPRIP10');
  });

  it('an id that no name matches still works', async () => {
    const r = await oncall(['incident', 'priority', 'PINC002', byName('P2').id, '--yes']);
    expect(r.out).toBe('PINC002: priority P2\n');
  });
});
