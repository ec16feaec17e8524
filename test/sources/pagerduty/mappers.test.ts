import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapIncident, mapNote, mapOnCall, mapUser } from '../../../src/sources/pagerduty/mappers.js';

// Fixtures are the response examples of PagerDuty's own OpenAPI spec; see test/fixtures/pagerduty/SOURCE.md.
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/pagerduty/${name}`, import.meta.url), 'utf8'));

describe('PagerDuty wire → domain mappers (spec examples)', () => {
  it('maps a listed incident: service, priority, policy, key, number, link', () => {
    const [incident] = fixture('incidents-list.json').incidents.map(mapIncident);
    expect(incident).toEqual({
      id: 'PT4KHLK',
      number: 1234,
      title: 'The server is on fire.',
      status: 'resolved',
      urgency: 'high',
      priority: 'P2',
      service: { id: 'PIJ90N7', name: 'My Mail Service' },
      assignees: [],
      escalationPolicy: { id: 'PT20YPA', name: 'Another Escalation Policy' },
      createdAt: new Date('2015-10-06T21:30:42Z'),
      updatedAt: new Date('2015-10-06T21:40:23Z'),
      htmlUrl: 'https://subdomain.pagerduty.com/incidents/PT4KHLK',
      incidentKey: 'baf7cf21b1da41b4b0221008339ff357',
    });
  });

  it('maps assignees from assignments[].assignee summaries', () => {
    const incident = mapIncident(fixture('incident-update.json').incident);
    expect(incident.assignees).toEqual([{ id: 'PXPGF42', name: 'Earline Greenholt' }]);
  });

  it('reads a snooze from an acknowledged incident\'s pending unacknowledge, and no snooze on other states', () => {
    const base = fixture('incident-update.json').incident;
    expect(mapIncident({ ...base, status: 'acknowledged' }).snoozedUntil).toEqual(new Date('2015-11-10T01:02:52Z'));
    expect(mapIncident(base).snoozedUntil).toBeUndefined();
    expect(mapIncident({ ...base, status: 'acknowledged', pending_actions: [] }).snoozedUntil).toBeUndefined();
  });

  it('tolerates a null priority and a missing incident key', () => {
    const wire = { ...fixture('incidents-list.json').incidents[0], priority: null, incident_key: null };
    const incident = mapIncident(wire);
    expect(incident.priority).toBeUndefined();
    expect(incident.incidentKey).toBeUndefined();
  });

  it('refuses an incident with an unknown status or no creation date, naming the problem', () => {
    const base = fixture('incidents-list.json').incidents[0];
    expect(() => mapIncident({ ...base, status: 'exploded' })).toThrow(/status "exploded"/);
    expect(() => mapIncident({ ...base, created_at: 'yesterday' })).toThrow(/valid date/);
  });

  it('maps notes, including ones written by a bot user (offset timestamps)', () => {
    const notes = fixture('incident-notes.json').notes.map(mapNote);
    expect(notes[0]).toEqual({
      id: 'PWL7QXS',
      content: 'Firefighters are on the scene.',
      createdAt: new Date('2013-03-06T20:28:51Z'),
      user: { id: 'PXPGF42', name: 'Earline Greenholt' },
    });
    expect(notes[1].user).toEqual({ id: 'PXPGF42', name: 'A Global Event Rule' });
  });

  it('maps an on-call with schedule, level and shift bounds', () => {
    const [oncall] = fixture('oncalls.json').oncalls.map(mapOnCall);
    expect(oncall).toEqual({
      user: { id: 'PT23IWX', name: 'Tim Wright' },
      schedule: { id: 'PI7DH85', name: 'Daily Engineering Rotation' },
      escalationPolicy: { id: 'PT20YPA', name: 'Engineering Escalation Policy' },
      level: 2,
      start: new Date('2015-03-06T20:28:51Z'),
      end: new Date('2015-03-07T20:28:51Z'),
    });
  });

  it('maps a permanent on-call (null schedule, start, end) and keeps a full user\'s email', () => {
    const wire = { ...fixture('oncalls.json').oncalls[0], schedule: null, start: null, end: null };
    wire.user = fixture('users-me.json').user;
    const oncall = mapOnCall(wire);
    expect(oncall.schedule).toBeUndefined();
    expect(oncall.start).toBeUndefined();
    expect(oncall.user).toEqual({ id: 'PXPGF42', name: 'Earline Greenholt', email: '125.greenholt.earline@graham.name' });
  });

  it('maps the current user', () => {
    expect(mapUser(fixture('users-me.json').user)).toEqual({ id: 'PXPGF42', name: 'Earline Greenholt', email: '125.greenholt.earline@graham.name' });
  });
});
