import { describe, expect, it } from 'vitest';
import { alertGroups, correlate, defaultTitlePattern, namedValues } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import type { Alert, Incident } from '../../src/domain/types.js';

const tree = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }] });

const alert = (alertname: string, service: string, n: number): Alert => ({
  fingerprint: `${alertname}-${service}-${n}`,
  labels: { alertname, service, instance: `h${n}` },
  annotations: {},
  startsAt: new Date(0),
  state: 'active',
  silencedBy: [],
  inhibitedBy: [],
  receivers: ['pd'],
});

const incident = (n: number, title: string): Incident => ({
  id: `P${n}`,
  number: n,
  title,
  status: 'triggered',
  urgency: 'high',
  service: { id: 'S', name: 's' },
  assignees: [],
  createdAt: new Date(0),
});

describe('likely links by default title', () => {
  // Names with spaces and brackets, so a title can be read as more than one group's description.
  const alerts = [alert('Disk', 'db (eu)', 2), alert('Disk', 'db', 1), alert('Disk full', 'db', 3), alert('Disk', 'db ', 4), alert('Up', 'web', 5)];
  const titles = [
    '[FIRING:1] Disk db',
    '[FIRING:2] Disk db (eu)',
    '[FIRING:1] Disk db (eu) (critical)',
    '[FIRING:1] Disk full db  ',
    '[FIRING:1] Disk db \t',
    '[FIRING:1] Disk db (line\nbreak)',
    '[FIRING:1] Up web-2',
    'Up web',
  ];

  it('links each incident to the first group whose default description its title is, as testing every group would', () => {
    const incidents = titles.map((t, n) => incident(n + 1, t));
    const got = correlate(tree, alerts, incidents);
    const groups = got.groups;
    for (const i of incidents) {
      const first = groups.find((g) => defaultTitlePattern(g.labels).test(i.title));
      const linked = groups.find((g) => g.incidents.some((l) => l.id === i.id));
      expect(linked?.labels, i.title).toEqual(first?.labels);
    }
    expect(got.byIncident.get('P3')).toMatchObject({ labels: { alertname: 'Disk', service: 'db (eu)' }, link: 'likely' });
    expect(got.byIncident.get('P1')).toMatchObject({ labels: { alertname: 'Disk', service: 'db' }, link: 'likely' });
    expect(got.byIncident.has('P7')).toBe(false);
  });

  it('reads the label values a title can name, with and without the (…) suffix', () => {
    expect(namedValues('[FIRING:3] HighErrorRate backend (critical)')).toContain('HighErrorRate backend');
    expect(namedValues('[FIRING:1] a b  ')).toEqual(expect.arrayContaining(['a b', 'a b ', 'a b  ']));
    expect(namedValues('HighErrorRate backend')).toEqual([]);
  });
});

describe('alerts and groups without an incident', () => {
  it('have empty lists of their own: linking one group gives its alerts the incident and no other alert', () => {
    const alerts = [alert('Disk', 'db', 1), alert('Disk', 'db', 2), alert('Up', 'web', 3), alert('Up', 'web', 4)];
    const linked = { ...incident(7, '[FIRING:2] Disk db'), incidentKey: undefined };
    const c = correlate(tree, alerts, [linked]);
    expect([...c.byAlert].map(([fp, links]) => [fp, links.map((l) => l.id)])).toEqual([
      ['Disk-db-1', ['P7']],
      ['Disk-db-2', ['P7']],
      ['Up-web-3', []],
      ['Up-web-4', []],
    ]);
    expect(c.groups.map((g) => [g.fingerprints, g.incidents.map((l) => l.id)])).toEqual([
      [['Disk-db-1', 'Disk-db-2'], ['P7']],
      [['Up-web-3', 'Up-web-4'], []],
    ]);
    // A second join starts from empty lists again: nothing of the first one's links leaks into it.
    expect(correlate(tree, alerts, []).byAlert.get('Disk-db-1')).toEqual([]);
  });
});

describe('an alert routed once keeps its groups while it is the same object', () => {
  const routes = (pdReceiver: string) =>
    routingTreeFrom({
      route: {
        receiver: 'pd',
        group_by: ['alertname', 'service'],
        routes: [
          { match: { service: 'db' }, receiver: pdReceiver, continue: true },
          { match: { alertname: 'Disk' }, receiver: 'pd', group_by: ['...'] },
        ],
      },
      receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }, { name: 'pd-db', pagerduty_configs: [{ routing_key: 'y' }] }],
    });
  const shape = (c: ReturnType<typeof correlate>) => ({ groups: c.groups, byAlert: [...c.byAlert], byIncident: [...c.byIncident] });

  it('poll after poll, with alerts gone, come and kept, the join is the one a tree never used before gives', () => {
    const tree = routes('pd-db');
    const a = [alert('Disk', 'db', 1), alert('Disk', 'web', 2), alert('Up', 'db', 3), alert('Up', 'web', 4), alert('Up', 'web', 5)];
    const polls = [
      [a[0]!, a[1]!, a[2]!, a[3]!],
      [a[0]!, a[2]!, a[3]!, a[4]!], // Disk/web gone, a new alert in the Up/web group
      [a[2]!, a[3]!, a[4]!, alert('Disk', 'web', 2)], // Disk/web back as a new object, Disk/db gone
      [a[4]!, a[0]!],
    ];
    // Incidents by the dedup keys Alertmanager sends, so the exact links are compared too, and one by its title.
    const incidents = [...alertGroups(routes('pd-db'), a).map((g, n) => ({ ...incident(n + 1, 'x'), incidentKey: g.dedupKey })), incident(99, '[FIRING:2] Up web')];
    for (const alerts of polls) expect(shape(correlate(tree, alerts, incidents))).toEqual(shape(correlate(routes('pd-db'), alerts, incidents)));
  });

  it('the same alert objects joined through a changed configuration get the new routes', () => {
    const alerts = [alert('Up', 'db', 1), alert('Disk', 'db', 2)];
    correlate(routes('pd-db'), alerts, []);
    const changed = routes('pd');
    expect(correlate(changed, alerts, []).groups.map((g) => g.receiver)).toEqual(correlate(routes('pd'), alerts, []).groups.map((g) => g.receiver));
    expect(correlate(changed, alerts, []).groups.every((g) => g.receiver === 'pd')).toBe(true);
  });
});
