import { expect, it } from 'vitest';
import { contextDeps, type FleetDeps } from '../../src/cli/fleetDashboard.js';
import type { DashboardDeps } from '../../src/cli/session.js';
import type { SloSource } from '../../src/state/ports.js';

/** What a key in a dashboard over several contexts acts with: each context's own clients, its Prometheus too. */
it('gives each context its own SLO source, for the SLO details of its rows', () => {
  const slos = (name: string) => ({ load: async () => ({ slos: [], skipped: [] }), name }) as unknown as SloSource;
  const member = (name: string): FleetDeps => ({
    deps: { context: { name, isProd: true, readOnly: false, author: 'ada' }, slos: slos(name) } as unknown as DashboardDeps,
  });
  const fleet = [member('prod-eu'), member('prod-us')];
  const byName = contextDeps(fleet);
  expect(byName['prod-eu']!.slos).toBe(fleet[0]!.deps.slos);
  expect(byName['prod-us']!.slos).toBe(fleet[1]!.deps.slos);
});
