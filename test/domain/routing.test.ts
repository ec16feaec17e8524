import { describe, expect, it } from 'vitest';
import { defaultTitlePattern } from '../../src/domain/correlation.js';
import { groupKey, groupLabelsFor, labelSetKey, matchRoutes, routingTreeFrom } from '../../src/domain/routing.js';

const tree = routingTreeFrom({
  route: {
    receiver: 'default',
    group_by: ['alertname'],
    routes: [
      { matchers: ['team="db"', 'severity=~"critical|page"'], receiver: 'db-pager', continue: true },
      { match: { team: 'db' }, receiver: 'db-ticket', group_by: ['...'] },
      { match_re: { service: 'api|web' }, receiver: 'web' },
    ],
  },
  receivers: [{ name: 'default' }, { name: 'db-pager', pagerduty_configs: [{ routing_key: 'x' }] }],
});

describe('Alertmanager routing, as 0.25 does it', () => {
  it('walks nested routes with continue, and inherits receiver and group_by', () => {
    const labels = { alertname: 'DiskFull', team: 'db', severity: 'critical', instance: 'db-1' };
    const routes = matchRoutes(tree.root, labels);
    expect(routes.map((r) => r.receiver)).toEqual(['db-pager', 'db-ticket']);
    expect(groupLabelsFor(routes[0]!, labels)).toEqual({ alertname: 'DiskFull' });
    expect(groupLabelsFor(routes[1]!, labels)).toEqual(labels);
    expect(matchRoutes(tree.root, { alertname: 'X', service: 'apiserver' }).map((r) => r.receiver)).toEqual(['default']);
    expect(tree.pagerdutyReceivers).toEqual(new Set(['db-pager']));
  });

  it('keys a route by its sorted matchers, match_re anchored as Alertmanager stores it', () => {
    const [, , web] = tree.root.routes;
    expect(tree.root.routes[0]!.key).toBe('{}/{severity=~"critical|page",team="db"}');
    expect(web!.key).toBe('{}/{service=~"^(?:api|web)$"}');
    expect(groupKey(web!, { alertname: 'Down' })).toBe('{}/{service=~"^(?:api|web)$"}:{alertname="Down"}');
  });

  it('sorts group labels as whole strings and quotes values as Go does', () => {
    expect(labelSetKey({ a: '1', a2: 'x', b: 'say "hi"\n' })).toBe('{a2="x", a="1", b="say \\"hi\\"\\n"}');
  });

  it('recognises only the default description of the same group as a likely title', () => {
    const p = defaultTitlePattern({ service: 'backend', alertname: 'HighErrorRate' });
    expect(p.test('[FIRING:3] HighErrorRate backend (critical)')).toBe(true);
    expect(p.test('[FIRING:1] HighErrorRate backend ')).toBe(true);
    expect(p.test('[FIRING:1] HighErrorRate backend-2')).toBe(false);
    expect(p.test('HighErrorRate on backend')).toBe(false);
  });
});
