/**
 * `:report` (and `:handover`) in the built binary, in tmux at 80×24, against the PagerDuty fake (no analytics, so the
 * figures come from each incident's log): the view shows what `oncall report -o json` computes, fits
 * the terminal, and when PagerDuty goes away says so while the rest of the dashboard keeps working.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDuration } from '../../src/domain/duration.js';
import { DEMO_TOKEN, PD_ACCEPT } from '../helpers/pagerduty-fake.js';
import { DEMO_FROM, exitStatus, openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { displayWidth, frame, startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
let t: Tmux | undefined;

/** Incidents answered now that were opened minutes ago: times to ack and resolve of minutes, not the seed's zero. */
async function history(): Promise<void> {
  const put = async (id: string, status: string) => {
    const res = await fetch(`${stack.pd.url}/incidents/${id}`, {
      method: 'PUT',
      headers: { Authorization: `Token token=${DEMO_TOKEN}`, Accept: PD_ACCEPT, 'Content-Type': 'application/json', From: DEMO_FROM },
      body: JSON.stringify({ incident: { type: 'incident_reference', status } }),
    });
    expect(res.status).toBe(200);
  };
  for (const [minutes, resolve] of [[50, true], [20, false]] as const) {
    const i = stack.pd.addIncident({ title: `Queue backlog ${minutes}`, service: 'PSVCAPI', urgency: 'high', createdAt: new Date(Date.now() - minutes * 60_000) });
    await put(i.id, 'acknowledged');
    if (resolve) await put(i.id, 'resolved');
  }
}

beforeAll(async () => {
  stack = await startStack();
  await history();
});

afterAll(async () => {
  await t?.kill();
  await stack?.stop();
});

interface Row {
  service: string;
  urgency: string;
  incidents: number;
  mtta: { mean: number | null };
  mttr: { mean: number | null };
}

/** A headless command's output, from the same built binary and config. */
function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('node', ['bin/oncall.js', ...args], { cwd: REPO, env: stack.env, timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** The headless report's figures. */
const reportJson = async (): Promise<{ source: string; overall: Row; services: Row[] }> => JSON.parse(await cli(['report', '-o', 'json']));

const dur = (s: number | null) => (s === null ? '-' : formatDuration(s * 1000));

it('shows the figures of oncall report, and a PagerDuty failure without stopping the dashboard', async () => {
  const want = await reportJson();
  expect(want.source).toBe('log_entries');
  expect(want.services.length).toBeGreaterThan(0);
  expect(want.overall.mtta.mean).toBeGreaterThan(60);
  t = await startTmux({ columns: 80, rows: 24, cwd: REPO, env: stack.env });
  await openDashboard(t);
  await t.keys(':');
  await t.type('report');
  await t.keys('Enter');
  const screen = await t.waitForScreen((s) => s.includes('Per service and urgency'), 'the report view with its figures', 30_000);
  expect(screen, frame(screen)).toContain("Source: each incident's log entries (analytics not available");
  expect(screen).toMatch(new RegExp(`incidents\\s+${want.overall.incidents}\\b`));
  expect(screen).toContain(`MTTA          mean ${dur(want.overall.mtta.mean)} ·`);
  expect(screen).toContain(`MTTR          mean ${dur(want.overall.mttr.mean)} ·`);
  expect(screen).toMatch(/service\s+urgency\s+n\s+MTTA\s+MTTR\s+met/);
  const rows = screen.split('\n');
  for (const s of want.services) {
    const row = rows.find((r) => r.startsWith(` ${s.service} `) && r.includes(` ${s.urgency} `));
    expect(row, `${s.service} ${s.urgency}\n${frame(screen)}`).toBeDefined();
    expect(row).toMatch(new RegExp(`\\s${s.incidents}\\s+${dur(s.mtta.mean)}/`));
  }
  for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(80);

  // :handover in the same session: the shift's incidents as oncall handover counts them, at 80 columns.
  const handover = JSON.parse(await cli(['handover', '-o', 'json'])) as { incidents: unknown[] };
  expect(handover.incidents.length).toBeGreaterThan(0);
  await t.keys('Escape');
  await t.keys(':');
  await t.type('handover');
  await t.keys('Enter');
  const shift = await t.waitForScreen((s) => s.includes('Incidents this shift'), 'the handover view', 30_000);
  expect(shift, frame(shift)).toContain('On-call handover');
  expect(shift).toContain(`Incidents this shift (${handover.incidents.length})`);
  expect(shift).toMatch(/Queue backlog (50|20)/);
  for (const r of shift.split('\n')) expect(displayWidth(r)).toBeLessThanOrEqual(80);
  await t.keys('Escape');
  await t.keys(':');
  await t.type('report');
  await t.keys('Enter');
  await t.waitForScreen((s) => s.includes('Per service and urgency'), 'the report view again', 30_000);

  // PagerDuty goes away: reading the report again fails in the view, and esc leads back to the alerts.
  await stack.pd.close();
  await t.keys('r');
  const failed = await t.waitForScreen((s) => s.includes('Could not read the report'), 'the error in the view', 30_000);
  expect(failed).toContain('failed');
  await t.keys('Escape');
  await t.waitForScreen((s) => s.includes('DiskAlmostFull') && /pd ● (failing|stale|down)/.test(s), 'the dashboard, alerts still shown and PagerDuty failing', 30_000);
  await t.keys('q');
  expect(await exitStatus(t)).toBe(0);
}, 120_000);
