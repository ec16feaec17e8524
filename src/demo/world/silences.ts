import type { Matcher } from '../../domain/types.js';
import type { SilenceStore } from '../alertmanager/silences.js';

/** Silences a real team would have lying around: planned work, one about to expire, one stale. */

const MIN = 60_000;
const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
const re = (name: string, value: string): Matcher => ({ name, value, isRegex: true, isEqual: true });

export function seedSilences(store: SilenceStore, now: number): void {
  const add = (matchers: Matcher[], fromMin: number, toMin: number, createdBy: string, comment: string): string =>
    store.set({ matchers, startsAt: now + fromMin * MIN, endsAt: now + toMin * MIN, createdBy, comment });
  add([eq('alertname', 'SearchIndexLag'), eq('service', 'search')], -70, 110, 'grace@example.com', 'Planned reindex of the product catalogue (CHG-2291)');
  add([eq('alertname', 'DiskSpaceLow'), re('instance', 'db-2.*')], -300, 900, 'linus@example.com', 'WAL cleanup scheduled tonight; ticket OPS-812');
  // Expires a few minutes into the demo: the silence list shows it as expiring soon.
  add([eq('alertname', 'CertificateExpiringSoon')], -1400, 12, 'ada@example.com', 'Renewal in progress with the CA');
  add([eq('service', 'orders'), eq('env', 'prod')], 180, 300, 'grace@example.com', 'Maintenance: orders-db major upgrade');
  // Matches nothing any more: the alert was renamed. Silence hygiene should flag it.
  add([eq('alertname', 'LegacyQueueDepth')], -2000, 5000, 'linus@example.com', 'Noisy during migration');
  const old = add([eq('alertname', 'HighCPU'), eq('service', 'checkout')], -200, 60, 'ada@example.com', 'Load test');
  store.expire(old);
}
