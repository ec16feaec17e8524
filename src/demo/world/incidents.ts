import { dedupKeyOf } from '../../domain/correlation.js';
import { labelSetKey } from '../../domain/routing.js';
import type { FakePdOptions, IncidentSeed } from '../pagerduty/index.js';
import { DEMO_FROM, DEMO_TOKEN } from '../pagerduty/index.js';
import type { Firing } from './alerts.js';

/**
 * The PagerDuty side of the demo world: the people, one service per system, incidents in every
 * state (several titled like the alerts behind them, each acknowledged and resolved some minutes after it
 * opened, so MTTA and MTTR have figures to show), and Ada primary / Grace secondary on call.
 */

const MIN = 60_000;
export const SERVICES = ['web', 'api', 'payments', 'orders', 'search', 'checkout'];
const POLICY = { id: 'PEPPROD', name: 'Production On-Call' };

const serviceId = (name: string): string => `PSVC${name.slice(0, 3).toUpperCase()}`;

/** The title Alertmanager's PagerDuty integration gives an incident. */
export function incidentTitle(alertname: string, service: string): string {
  return `[FIRING:1] ${alertname} ${service}`;
}

/**
 * The dedup key Alertmanager's PagerDuty receiver sends for the group, as the demo's Alertmanager
 * routes it (root route, grouped by alertname and service): the incident key that joins them exactly.
 */
export function incidentKey(alertname: string, service: string): string {
  return dedupKeyOf(`{}:${labelSetKey({ alertname, service })}`);
}

export function pagerDutySeed(now: number): FakePdOptions {
  const ago = (minutes: number): Date => new Date(now - minutes * MIN);
  const later = (minutes: number): Date => new Date(now + minutes * MIN);
  const fromAlert = (alertname: string, service: string, rest: Omit<IncidentSeed, 'title' | 'service' | 'incidentKey'>): IncidentSeed => ({
    title: incidentTitle(alertname, service), service: serviceId(service), incidentKey: incidentKey(alertname, service), ...rest,
  });
  return {
    tokens: { [DEMO_TOKEN]: { userId: 'PUSRADA' }, 'demo-readonly-token': { userId: 'PUSRADA', readOnly: true } },
    users: [
      { id: 'PUSRADA', name: 'Ada Lovelace', email: DEMO_FROM },
      { id: 'PUSRGRC', name: 'Grace Hopper', email: 'grace@example.com' },
      { id: 'PUSRLIN', name: 'Linus Torvalds', email: 'linus@example.com' },
    ],
    services: SERVICES.map((name) => ({ id: serviceId(name), name, escalationPolicy: POLICY })),
    incidents: [
      { title: 'Website probe failures from every region', service: serviceId('web'), status: 'resolved', urgency: 'high', assignees: ['PUSRLIN'], createdAt: ago(20 * 24 * 60), acknowledgedAt: ago(20 * 24 * 60 - 4), resolvedAt: ago(20 * 24 * 60 - 52) },
      { title: 'API 5xx at 1.5% after config push', service: serviceId('api'), status: 'resolved', urgency: 'high', priority: 'P1', assignees: ['PUSRGRC'], createdAt: ago(9 * 24 * 60 + 180), acknowledgedAt: ago(9 * 24 * 60 + 177), resolvedAt: ago(9 * 24 * 60 + 142) },
      { title: 'Checkout completion dropped after deploy', service: serviceId('checkout'), status: 'resolved', urgency: 'high', assignees: ['PUSRADA'], createdAt: ago(5 * 24 * 60 + 180), acknowledgedAt: ago(5 * 24 * 60 + 171), resolvedAt: ago(5 * 24 * 60 + 95) },
      fromAlert('SearchIndexLag', 'search', { status: 'resolved', urgency: 'low', assignees: ['PUSRGRC'], createdAt: ago(200), resolvedAt: ago(165) }),
      fromAlert('TransactionFailureRateHigh', 'payments', { status: 'triggered', urgency: 'high', priority: 'P1', assignees: ['PUSRADA'], createdAt: ago(118) }),
      { title: 'Transaction success SLO burning its error budget at 20x', service: serviceId('payments'), status: 'acknowledged', urgency: 'high', priority: 'P1', assignees: ['PUSRGRC'], createdAt: ago(105), acknowledgedAt: ago(101), incidentKey: 'slo/transaction-success' },
      fromAlert('OrdersQueueBacklog', 'orders', { status: 'acknowledged', urgency: 'high', priority: 'P2', assignees: ['PUSRADA'], createdAt: ago(24), acknowledgedAt: ago(21) }),
      fromAlert('APIErrorRateElevated', 'api', { status: 'triggered', urgency: 'low', assignees: ['PUSRADA'], createdAt: ago(40) }),
      fromAlert('KubePodCrashLooping', 'checkout', { status: 'triggered', urgency: 'low', assignees: ['PUSRADA'], createdAt: ago(15) }),
    ],
    oncalls: [
      { user: 'PUSRADA', escalationPolicy: POLICY, schedule: { id: 'PSCHPRI', name: 'Production Primary' }, level: 1, start: ago(9 * 60), end: later(15 * 60) },
      { user: 'PUSRGRC', escalationPolicy: POLICY, schedule: { id: 'PSCHSEC', name: 'Production Secondary' }, level: 2, start: ago(9 * 60), end: later(15 * 60) },
      // The next shifts: Grace takes primary, Linus secondary; Ada belongs to both rotations.
      { user: 'PUSRGRC', escalationPolicy: POLICY, schedule: { id: 'PSCHPRI', name: 'Production Primary' }, level: 1, start: later(15 * 60), end: later(39 * 60) },
      { user: 'PUSRLIN', escalationPolicy: POLICY, schedule: { id: 'PSCHSEC', name: 'Production Secondary' }, level: 2, start: later(15 * 60), end: later(39 * 60) },
    ],
    schedules: [{ id: 'PSCHSEC', name: 'Production Secondary', users: ['PUSRADA'] }],
    // The runbook's chain: the primary, the secondary after 15 minutes without an ack, the manager after 30.
    escalationPolicies: [{ ...POLICY, rules: [{ delayMinutes: 15, targets: ['schedule:PSCHPRI'] }, { delayMinutes: 15, targets: ['schedule:PSCHSEC'] }, { delayMinutes: 30, targets: ['PUSRLIN'] }] }],
  };
}

/** A critical alert that starts firing pages: the incident PagerDuty would open for it. */
export function incidentFor(f: Firing): IncidentSeed {
  return {
    title: incidentTitle(f.def.alertname, f.def.service),
    service: serviceId(f.def.service),
    incidentKey: incidentKey(f.def.alertname, f.def.service),
    urgency: 'high',
    assignees: ['PUSRADA'],
    createdAt: new Date(f.startsAt * 1000),
  };
}
