import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openConfigStore } from '../../src/cli/config/store.js';
import { run } from '../../src/cli/main.js';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { captureIo } from '../cli/helpers/io.js';

/** The demo shows the join as a real setup would: its incidents carry the keys its Alertmanager sends. */
let stack: DemoStack;
let dir: string;
beforeAll(async () => {
  stack = await startDemoStack();
  dir = await mkdtemp(join(tmpdir(), 'oncall-demojoin-'));
  await openConfigStore(dir).write({ current_context: 'demo', contexts: { demo: stack.contextConfig } });
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('links the demo alerts to their incidents exactly', async () => {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'demo', ONCALL_CONFIG_DIR: dir }, { columns: 160 });
  expect(await run(['alerts', '-o', 'json'], io)).toBe(0);
  const alerts = JSON.parse(io.out()) as Array<{ labels: Record<string, string>; incidents: Array<{ link: string }> | null }>;
  const linked = alerts.filter((a) => (a.incidents ?? []).length > 0);
  expect(linked.length).toBeGreaterThan(0);
  expect(linked.every((a) => a.incidents!.every((i) => i.link === 'exact'))).toBe(true);
});

it('tells the demo\'s last two hours as a timeline, its alerts from Prometheus\' ALERTS history', async () => {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'demo', ONCALL_CONFIG_DIR: dir }, { columns: 160 });
  expect(await run(['timeline', '--since', '2h', '-o', 'json'], io)).toBe(0);
  expect(io.err()).toBe('');
  const events = JSON.parse(io.out()) as Array<{ source: string; kind: string }>;
  expect(events.some((e) => e.source === 'prometheus' && e.kind === 'alert_fired')).toBe(true);
  expect(events.some((e) => e.source === 'pagerduty')).toBe(true);
});
