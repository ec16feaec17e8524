import { describe, expect, it } from 'vitest';
import { routesReader } from '../../src/sources/alertmanager/routing.js';
import { startPollers } from '../../src/state/pollers.js';
import type { Action } from '../../src/state/actions.js';
import { FakeTimers } from './fakeTimers.js';

const config = (receiver: string) => `route:\n  receiver: ${receiver}\n  group_by: [alertname]\nreceivers:\n  - name: ${receiver}\n    pagerduty_configs:\n      - routing_key: <secret>\n`;

describe('the routing tree is read every five minutes and sent only when it changed', () => {
  it('the same configuration keeps its tree (and the join with it); a changed one is sent', async () => {
    let yaml = config('pd-eu');
    let reads = 0;
    const loadRoutes = routesReader(async () => (reads++, { version: '0.25.0', peers: 1, configYaml: yaml }));
    const sent: Action[] = [];
    const t = new FakeTimers();
    const control = startPollers({ getState: () => undefined as never, subscribe: () => () => {}, dispatch: (a) => void sent.push(a) }, {
      alertmanager: { alerts: async () => [], silences: async () => [], createSilence: async () => 'id', updateSilence: async () => 'id', expireSilence: async () => {} },
      loadRoutes,
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
      timers: t,
      clock: t.clock,
      random: () => 1,
    });
    const trees = () => sent.flatMap((a) => (a.type === 'routesLoaded' ? [a.routes] : []));
    await t.advance(0);
    expect(trees()).toHaveLength(1);
    await t.advance(10 * 60_000);
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(trees()).toHaveLength(1);
    yaml = config('pd-us');
    await t.advance(5 * 60_000);
    expect(trees()).toHaveLength(2);
    expect(trees()[1]!.root.receiver).toBe('pd-us');
    control.stop();
  });
});
