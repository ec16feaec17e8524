import type { Alert, Incident, Silence } from '../../src/domain/types.js';
import type { SloReport } from '../../src/domain/slo/types.js';
import { initialState } from '../../src/state/reducer.js';
import type { DashboardState } from '../../src/state/types.js';

export const T0 = Date.parse('2024-05-01T12:00:00Z');

export function alert(fingerprint: string, labels: Record<string, string>, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint,
    labels,
    annotations: { summary: `${labels.alertname ?? 'x'} on ${labels.instance ?? 'host'}` },
    startsAt: new Date(T0 - 10 * 60_000),
    state: 'active',
    silencedBy: [],
    inhibitedBy: [],
    receivers: ['default'],
    ...extra,
  };
}

export function incident(id: string, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    number: Number(id.replace(/\D/g, '')) || 1,
    title: `Incident ${id}`,
    status: 'triggered',
    urgency: 'high',
    service: { id: 'S1', name: 'checkout' },
    assignees: [{ id: 'U1', name: 'Ada' }],
    createdAt: new Date(T0 - 5 * 60_000),
    ...extra,
  };
}

export function silence(id: string, matchers: Silence['matchers'], extra: Partial<Silence> = {}): Silence {
  return {
    id,
    matchers,
    startsAt: new Date(T0 - 60_000),
    endsAt: new Date(T0 + 3_600_000),
    createdBy: 'ada',
    comment: 'maintenance',
    state: 'active',
    ...extra,
  };
}

export function slo(id: string, extra: Partial<SloReport> = {}): SloReport {
  return {
    id,
    name: `${id} availability`,
    service: 'checkout',
    objective: 0.999,
    windowMs: 30 * 86_400_000,
    source: 'config',
    status: 'healthy',
    compliance: 0.9995,
    budget: { totalMs: 2_592_000, remainingMs: 1_296_000, spentFraction: 0.5, remainingFraction: 0.5 },
    burnRates: { '5m': 1, '30m': 1, '1h': 1, '2h': 1, '6h': 1, '1d': 1, '3d': 1 },
    alert: 'none',
    exhaustionMs: null,
    trend: [],
    explain: [],
    ...extra,
  };
}

export function state(patch: Partial<DashboardState> = {}): DashboardState {
  return {
    ...initialState({
      context: { name: 'staging', isProd: false, readOnly: false, author: 'ada@example.com' },
      enabled: { alertmanager: true, pagerduty: true, prometheus: true },
      now: T0,
    }),
    ...patch,
  };
}
