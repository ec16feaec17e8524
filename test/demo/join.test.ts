import { expect, it } from 'vitest';
import { useDemoCli } from './helpers/demoCli.js';

/** The demo shows the join as a real setup would: its incidents carry the keys its Alertmanager sends. */
const oncall = useDemoCli();

it('links the demo alerts to their incidents exactly', async () => {
  const { code, out } = await oncall(['alerts', '-o', 'json']);
  expect(code).toBe(0);
  const alerts = JSON.parse(out) as Array<{ labels: Record<string, string>; incidents: Array<{ link: string }> | null }>;
  const linked = alerts.filter((a) => (a.incidents ?? []).length > 0);
  expect(linked.length).toBeGreaterThan(0);
  expect(linked.every((a) => a.incidents!.every((i) => i.link === 'exact'))).toBe(true);
});

it('tells the demo\'s last two hours as a timeline, its alerts from Prometheus\' ALERTS history', async () => {
  const { code, out, err } = await oncall(['timeline', '--since', '2h', '-o', 'json']);
  expect(code).toBe(0);
  expect(err).toBe('');
  const events = JSON.parse(out) as Array<{ source: string; kind: string }>;
  expect(events.some((e) => e.source === 'prometheus' && e.kind === 'alert_fired')).toBe(true);
  expect(events.some((e) => e.source === 'pagerduty')).toBe(true);
});
