/**
 * Prometheus dies while the dashboard is open: the header says it is failing (not `prom ● ok` beside
 * SLOs that all read error), the SLO strip keeps its last figures marked stale, and Alertmanager and
 * PagerDuty keep updating.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postAlerts } from '../helpers/alertmanager.js';
import { loaded, openDashboard } from './helpers/dashboard.js';
import { REPO, SLO_NAME, startStack, type Stack } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

let stack: Stack;
let t: Tmux | undefined;

beforeAll(async () => {
  stack = await startStack();
  t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
  await openDashboard(t);
});

afterAll(async () => {
  await t?.kill();
  await stack?.stop();
});

it('kill Prometheus: the header says it is failing, the SLO strip is stale, alerts and incidents keep arriving', async () => {
  const tmux = t!;
  expect(loaded(await tmux.screen())).toBe(true);
  await stack.prom.stop();

  const failing = await tmux.waitForScreen((s) => /prom ● failing/.test(s), 'the header to show Prometheus failing', 20_000);
  expect(failing, frame(failing)).not.toMatch(/prom ● ok/);
  // The last figures stay, marked stale with the reason, rather than a strip of errors.
  expect(failing, frame(failing)).toMatch(/SLOs ─ .*STALE: /);
  expect(failing).toContain(SLO_NAME.slice(0, 8));
  expect(failing).toMatch(/am ● ok/);
  expect(failing).toMatch(/pd ● ok/);

  // Alertmanager and PagerDuty are still polled: an alert and an incident raised after the outage show up.
  await postAlerts(stack.am.url, [{ labels: { alertname: 'PromTargetMissing', service: 'monitoring', severity: 'warning' }, annotations: { summary: 'raised after Prometheus went down' } }]);
  const incident = stack.pd.addIncident({ title: 'Paged after Prometheus went down', service: 'PSVCAPI', urgency: 'high' });
  const later = await tmux.waitForScreen((s) => s.includes('PromTargetMissing') && s.includes('Paged after Prom'), 'the new alert and incident on screen');
  expect(later, frame(later)).toMatch(new RegExp(`#${incident.number}\\s+TRIG`));
  expect(later).toMatch(/prom ● failing/);
  // Prometheus's last good answer ages while the others' stay fresh: they answered after it died.
  const aged = await tmux.waitForScreen((s) => Number(/prom ● failing ok (\d+)s ago/.exec(s)?.[1] ?? 0) >= 6, 'the age of the last good Prometheus answer to pass 6 s');
  const age = (source: string) => Number(new RegExp(`${source} ● ok (\\d+)s`).exec(aged)?.[1] ?? Infinity);
  expect(age('am'), frame(aged)).toBeLessThan(6);
  expect(age('pd'), frame(aged)).toBeLessThan(6);
});
