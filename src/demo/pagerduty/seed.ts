import type { FakePdOptions } from './types.js';

export const DEMO_TOKEN = 'demo-pagerduty-token';
export const DEMO_FROM = 'ada@example.com';

const MIN = 60_000;

/**
 * A small, believable account for `oncall demo`: three services, a handful of incidents in every
 * state, and a primary/secondary rotation. Times are relative to `now` so the demo always looks fresh.
 */
export function demoSeed(now = new Date()): FakePdOptions {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MIN);
  const later = (minutes: number) => new Date(now.getTime() + minutes * MIN);
  const platform = { id: 'PEPPLAT', name: 'Platform On-Call' };
  const payments = { id: 'PEPPAYM', name: 'Payments On-Call' };
  return {
    tokens: {
      [DEMO_TOKEN]: { userId: 'PUSRADA' },
      'demo-readonly-token': { userId: 'PUSRADA', readOnly: true },
      'demo-account-token': {},
    },
    users: [
      { id: 'PUSRADA', name: 'Ada Lovelace', email: DEMO_FROM },
      { id: 'PUSRGRC', name: 'Grace Hopper', email: 'grace@example.com' },
      { id: 'PUSRLIN', name: 'Linus Torvalds', email: 'linus@example.com' },
    ],
    services: [
      { id: 'PSVCAPI', name: 'checkout-api', escalationPolicy: payments },
      { id: 'PSVCDB1', name: 'postgres-primary', escalationPolicy: platform },
      { id: 'PSVCEDG', name: 'edge-gateway', escalationPolicy: platform },
    ],
    incidents: [
      { id: 'PINC001', title: 'Disk 91% full on db-3', service: 'PSVCDB1', status: 'resolved', urgency: 'low', createdAt: ago(26 * 60) },
      { id: 'PINC002', title: 'TLS certificate for edge expires in 7 days', service: 'PSVCEDG', urgency: 'low', assignees: ['PUSRLIN'], createdAt: ago(5 * 60) },
      { id: 'PINC003', title: 'Replication lag above 30s', service: 'PSVCDB1', status: 'acknowledged', assignees: ['PUSRGRC'], priority: 'P2', createdAt: ago(95) },
      { id: 'PINC004', title: 'checkout-api error budget burning 14.4x', service: 'PSVCAPI', assignees: ['PUSRADA'], priority: 'P1', createdAt: ago(12), incidentKey: 'slo/checkout-availability' },
      { id: 'PINC005', title: 'p99 latency > 2s on /pay', service: 'PSVCAPI', assignees: ['PUSRADA'], priority: 'P2', createdAt: ago(7) },
    ],
    oncalls: [
      { user: 'PUSRADA', escalationPolicy: payments, schedule: { id: 'PSCHPAY', name: 'Payments Primary' }, level: 1, start: ago(8 * 60), end: later(16 * 60) },
      { user: 'PUSRGRC', escalationPolicy: payments, schedule: { id: 'PSCHPA2', name: 'Payments Secondary' }, level: 2, start: ago(8 * 60), end: later(16 * 60) },
      { user: 'PUSRLIN', escalationPolicy: platform, schedule: { id: 'PSCHPLT', name: 'Platform Weekly' }, level: 1, start: ago(3 * 24 * 60), end: later(4 * 24 * 60) },
      { user: 'PUSRGRC', escalationPolicy: platform, level: 2 },
      // Next shifts, for `who --next`; Ada also belongs to the secondary rotation, for `take`.
      { user: 'PUSRGRC', escalationPolicy: payments, schedule: { id: 'PSCHPAY', name: 'Payments Primary' }, level: 1, start: later(16 * 60), end: later(40 * 60) },
      { user: 'PUSRADA', escalationPolicy: payments, schedule: { id: 'PSCHPA2', name: 'Payments Secondary' }, level: 2, start: later(16 * 60), end: later(40 * 60) },
    ],
    // The runbook's chain: primary, then the secondary after 15 minutes, then the manager after 30.
    escalationPolicies: [
      { ...payments, rules: [{ delayMinutes: 15, targets: ['schedule:PSCHPAY'] }, { delayMinutes: 15, targets: ['schedule:PSCHPA2'] }, { delayMinutes: 30, targets: ['PUSRLIN'] }] },
      { ...platform, rules: [{ delayMinutes: 15, targets: ['schedule:PSCHPLT'] }, { delayMinutes: 30, targets: ['PUSRGRC'] }] },
    ],
  };
}
