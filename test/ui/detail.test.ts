import { dedupKeyOf } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import { describe, expect, it } from 'vitest';
import { detailLines } from '../../src/ui/detail.js';
import { makeTheme } from '../../src/ui/theme.js';
import { alert, incident, state } from '../state/fixtures.js';

const theme = makeTheme({ ascii: false, color: false, hyperlinks: false });

describe('incident details', () => {
  it('shows the incident\'s own alert group, and says how many alerts it left out', () => {
    const alerts = Array.from({ length: 8 }, (_, i) => alert(`f${i}`, { alertname: 'HighCPU', service: 'checkout', instance: `web-${i}` }));
    const routes = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [{ name: 'pd', pagerduty_configs: [{}] }] });
    const key = dedupKeyOf('{}:{alertname="HighCPU", service="checkout"}');
    const s = state({ focus: 'incidents', alerts, routes, incidents: [incident('P1', { service: { id: 'S1', name: 'checkout' }, incidentKey: key })] });
    const text = detailLines(s, theme).map((l) => l.text);
    expect(text).toContain('alert group (exact: its dedup key)');
    expect(text).toContain('  {alertname="HighCPU", service="checkout"} → pd, 8 firing');
    expect(text.filter((t) => t.includes('HighCPU web-'))).toHaveLength(5);
    expect(text).toContain('  … and 3 more');
  });

  it('never links an incident to alerts by service name alone', () => {
    const alerts = [alert('f1', { alertname: 'DiskSpaceLow', service: 'orders' })];
    const routes = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [] });
    const s = state({ focus: 'incidents', alerts, routes, incidents: [incident('P1', { title: 'orders-queue backlog', service: { id: 'S1', name: 'orders' }, incidentKey: 'hand-made' })] });
    const text = detailLines(s, theme).map((l) => l.text);
    expect(text.some((t) => t.includes('DiskSpaceLow'))).toBe(false);
    expect(text).toContain('alert group: none found (no dedup key or default title matches)');
  });
});
