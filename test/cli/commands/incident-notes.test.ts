import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/** `oncall incident notes`: notes can be read, not only added, by P… id or by number. */
let pd: FakePagerDuty;
let dir: string;
const MIN = 60_000;

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty: false, columns: 120 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  pd = await startFakePagerDuty(demoSeed());
  dir = await mkdtemp(join(tmpdir(), 'oncall-notes-'));
  const now = Date.now();
  const incident = pd.state.incidents.find((i) => i.id === 'PINC003')!;
  incident.notes.push(
    { id: 'PNOTE1', content: 'replica restarted', createdAt: new Date(now - 30 * MIN), userId: 'PUSRGRC' },
    { id: 'PNOTE2', content: 'lag back under 5s, watching', createdAt: new Date(now - 5 * MIN), userId: 'PUSRADA' },
  );
});

afterAll(async () => {
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('oncall incident notes', () => {
  it('prints the notes newest first with author and time', async () => {
    const { code, out } = await oncall(['incident', 'notes', 'PINC003']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^AT \(UTC\)\s+BY\s+NOTE$/);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d\s+Ada Lovelace\s+lag back under 5s, watching$/);
    expect(lines[2]).toMatch(/Grace Hopper\s+replica restarted$/);
  });

  it('takes the incident number, and -o json gives an array', async () => {
    const number = pd.state.incidents.find((i) => i.id === 'PINC003')!.number;
    const { code, out } = await oncall(['incident', 'notes', `#${number}`, '-o', 'json']);
    expect(code).toBe(0);
    const notes = JSON.parse(out) as Array<{ id: string; content: string; createdAt: string; user: { name: string } }>;
    expect(notes.map((n) => n.id)).toEqual(['PNOTE2', 'PNOTE1']);
    expect(notes[0]).toMatchObject({ content: 'lag back under 5s, watching', user: { name: 'Ada Lovelace' } });
    expect(Date.parse(notes[0]!.createdAt)).toBeGreaterThan(Date.parse(notes[1]!.createdAt));
  });

  it('says so when an incident has none', async () => {
    const { code, out, err } = await oncall(['incident', 'notes', 'PINC002']);
    expect(code).toBe(0);
    expect(out.trim()).toBe('AT (UTC)  BY  NOTE');
    expect(err).toMatch(/PINC002 has no notes/);
  });
});
