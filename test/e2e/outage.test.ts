/**
 * Alertmanager dies while the dashboard is open: the header says so, the last alerts stay on screen
 * marked stale, and PagerDuty and Prometheus keep updating.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loaded, openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
let t: Tmux | undefined;

beforeAll(async () => {
  stack = await startStack({ pollAlertmanager: '1s' });
  t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  await openDashboard(t);
});

afterAll(async () => {
  await t?.kill();
  await stack?.stop();
});

it('kill Alertmanager: the header says it is failing while incidents keep arriving', async () => {
  const tmux = t!;
  expect(loaded(await tmux.screen())).toBe(true);
  await stack.am.stop();

  const failing = await tmux.waitForScreen((s) => /am ● failing/.test(s), 'the header to show Alertmanager failing');
  // The last good answer stays on screen, marked stale, rather than an empty list.
  expect(failing, frame(failing)).toMatch(/Alerts ─ 3 firing · STALE/);
  expect(failing).toContain('DiskAlmostFull · orders');
  expect(failing).toMatch(/pd ● ok/);
  expect(failing).toMatch(/prom ● ok/);
  expect(failing, 'the PagerDuty token never reaches the screen').not.toContain(stack.env.PAGERDUTY_API_TOKEN);

  // PagerDuty is still polled: an incident opened after the outage shows up.
  const incident = stack.pd.addIncident({ title: 'Paged after Alertmanager went down', service: 'PSVCAPI', urgency: 'high' });
  // The title is cut beside the response countdown: its start is enough.
  const later = await tmux.waitForScreen((s) => s.includes('Paged after Alert'), 'the new incident on screen');
  expect(later).toMatch(new RegExp(`#${incident.number}\\s+TRIG`));
  // Alertmanager's last good answer ages while the others' stay fresh: they answered after it died.
  const aged = await tmux.waitForScreen((s) => Number(/am ● failing ok (\d+)s ago/.exec(s)?.[1] ?? 0) >= 6, 'the age of the last good Alertmanager answer to pass 6 s');
  const age = (source: string) => Number(new RegExp(`${source} ● ok (\\d+)s`).exec(aged)?.[1] ?? Infinity);
  expect(age('pd'), frame(aged)).toBeLessThan(6);
  expect(age('prom'), frame(aged)).toBeLessThan(6);
});
