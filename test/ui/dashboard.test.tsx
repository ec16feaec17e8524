import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { alert, incident, silence, slo, T0 } from '../state/fixtures.js';
import { KEYMAP, WORDS } from '../../src/keymap/keymap.js';
import { mount } from './harness.js';
import { dedupKeyOf } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import { plain, press, type, waitFor, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

const alerts = [
  alert('a1', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'web-1:9090' }),
  alert('a2', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'web-2:9090' }),
  alert('a3', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'db-1:9100' }, { silencedBy: ['s-old'] }),
];
const incidents = [incident('P1', { number: 101, title: 'Checkout is down' }), incident('P2', { number: 102, title: 'Search slow', urgency: 'low' })];
const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('layout', () => {
  it('fits 80×24: no line wider than 80 columns, no more than 24 lines, every pane present', async () => {
    const long = alert('a9', { alertname: 'X'.repeat(120), service: 'y'.repeat(50), severity: 'critical', instance: 'z'.repeat(200) });
    const h = mount({ alerts: [...alerts, long], incidents: [incident('P9', { title: 'T'.repeat(300) }), ...incidents], slos: [slo('checkout'), slo('search', { status: 'breached' })] });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Incidents'));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(80);
    expect(frame).toContain('SLOs');
    expect(frame).toContain('BREACHED');
    expect(frame).toContain('Alerts');
    expect(frame).toContain('#101');
    expect(frame).toContain('staging');
  });

  it('uses the room of a large terminal: the detail pane appears beside the lists', async () => {
    const h = mount({ alerts, incidents, size: { columns: 160, rows: 50 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Details'));
    expect(frame).toContain('labels');
    for (const l of frame.split('\n')) expect([...l].length).toBeLessThanOrEqual(160);
  });

  it('ASCII mode draws no box-drawing or symbol characters', async () => {
    const h = mount({ alerts, incidents, ascii: true });
    press(h.stdin, '?');
    const help = await waitForFrame(h.lastFrame, (f) => f.includes('Keys'));
    const main = (press(h.stdin, 'esc'), await waitForFrame(h.lastFrame, (f) => f.includes('Alerts')));
    for (const frame of [help, main]) expect(frame).not.toMatch(/[─│┌┐└┘▶●▾▁-█]/);
  });

  it('marks a prod context and read-only mode in the header', async () => {
    const h = mount({ alerts, state: { context: { name: 'prod-eu', isProd: true, readOnly: true, readOnlyReason: 'context prod-eu is read-only', author: 'ada' } } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('prod-eu'));
    expect(line(frame, 'prod-eu')).toContain('PROD');
    expect(line(frame, 'prod-eu')).toContain('read-only');
  });
});

describe('keys', () => {
  it('moves with j/k and arrows, jumps with G and g, and follows tab to the incidents', async () => {
    const h = mount({ alerts, incidents });
    await waitForFrame(h.lastFrame, (f) => line(f, 'DiskFull').startsWith('▶'));
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (f) => line(f, 'db-1:9100').startsWith('▶'));
    press(h.stdin, 'G');
    await waitForFrame(h.lastFrame, (f) => line(f, 'web-2:9090').startsWith('▶'));
    press(h.stdin, 'up');
    await waitForFrame(h.lastFrame, (f) => line(f, 'web-1:9090').startsWith('▶'));
    press(h.stdin, 'g');
    await waitForFrame(h.lastFrame, (f) => line(f, 'DiskFull').startsWith('▶'));
    press(h.stdin, 'tab');
    await waitForFrame(h.lastFrame, (f) => line(f, '#101').startsWith('▶') && !line(f, 'DiskFull').startsWith('▶'));
  });

  it('filters with free text and with matchers; esc clears', async () => {
    const h = mount({ alerts });
    press(h.stdin, '/');
    type(h.stdin, 'disk');
    let frame = await waitForFrame(h.lastFrame, (f) => !f.includes('HighLatency') && f.includes('/disk'));
    expect(frame).toContain('DiskFull');
    press(h.stdin, 'enter', 'esc');
    await waitForFrame(h.lastFrame, (f) => f.includes('HighLatency'));
    press(h.stdin, '/');
    type(h.stdin, 'instance="web-2:9090"');
    frame = await waitForFrame(h.lastFrame, (f) => f.includes('web-2:9090') && !f.includes('web-1:9090') && !f.includes('DiskFull'));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => f.includes('web-1:9090') && f.includes('DiskFull'));
  });

  it('shows the help overlay generated from the keymap', async () => {
    const h = mount({ alerts });
    press(h.stdin, '?');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Keys'));
    expect(frame).toContain('Show or hide this help');
    expect(frame).toContain('Filter the focused list');
    expect(frame).not.toContain('Expire the selected');
    // Page down to the end: every binding's description is on some page.
    let seen = frame;
    let page = frame;
    while (page.includes('more below')) {
      const before = page;
      press(h.stdin, 'pagedown');
      page = await waitForFrame(h.lastFrame, (f) => f !== before);
      seen += page;
    }
    for (const b of KEYMAP) expect(seen, b.command).toContain(b.description.slice(0, 40));
    for (const w of WORDS) expect(seen, w.command).toContain(`:${w.words[0]}`);
  });

  it('ctrl-c and q quit', async () => {
    const h = mount({ alerts });
    await waitForFrame(h.lastFrame, (f) => f.includes('Alerts'));
    press(h.stdin, 'ctrl-c');
    await waitFor(() => h.quit.called, 1000, 'quit');
  });

  it('ctrl-r refreshes and :silences switches view', async () => {
    const m = [{ name: 'alertname', value: 'Nothing', isRegex: false, isEqual: true }];
    const h = mount({ alerts, silences: [silence('sil-idle', m)] });
    press(h.stdin, 'ctrl-r');
    await waitFor(() => h.refreshed.count === 1, 1000, 'refresh');
    press(h.stdin, ':');
    type(h.stdin, 'silences');
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Silences'));
    expect(frame).toContain('1 match nothing');
    expect(line(frame, 'sil-idle')).toContain('none');
  });
});

describe('actions', () => {
  it('acknowledges the selected incident and shows the outcome', async () => {
    const h = mount({ alerts, incidents });
    press(h.stdin, 'tab', 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledged #101'));
    expect(h.calls).toEqual(['ack P1']);
    expect(line(plain(h.lastFrame()), '#101')).toContain('ACK');
  });

  it('resolve asks first with Cancel focused: enter cancels, y resolves', async () => {
    const h = mount({ alerts, incidents });
    press(h.stdin, 'tab', 'r');
    await waitForFrame(h.lastFrame, (f) => f.includes('Resolve incident #101?'));
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('cancelled'));
    expect(h.calls).toEqual([]);
    press(h.stdin, 'r');
    await waitForFrame(h.lastFrame, (f) => f.includes('Resolve incident #101?'));
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('resolved #101') && !f.includes('Checkout is down'));
    expect(h.calls).toEqual(['resolve P1']);
  });

  it('a bulk acknowledge names exactly the marked incidents and sends nothing until y', async () => {
    const h = mount({ alerts, incidents });
    press(h.stdin, 'tab', 'space', 'j', 'space');
    await waitForFrame(h.lastFrame, (f) => f.includes('2 marked'));
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('Acknowledge #101 #102?'));
    expect(h.calls).toEqual([]);
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledged #101 #102'));
    expect(h.calls).toEqual(['ack P1,P2']);
  });

  it('a on an alert group acknowledges its incident and silences the group, naming the incident first', async () => {
    const routes = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [{ name: 'pd', pagerduty_configs: [{}] }] });
    const key = dedupKeyOf('{}:{alertname="HighLatency", service="api"}');
    const paged = [incident('P1', { number: 101, title: '[FIRING:2] HighLatency api', incidentKey: key }), incidents[1]!];
    const h = mount({ alerts, incidents: paged, state: { routes } });
    // The group row shows its incident; DiskFull's row (no incident) shows none.
    await waitForFrame(h.lastFrame, (f) => line(f, 'HighLatency · api').includes('#101 TRIG'));
    press(h.stdin, 'j', 'j');
    await waitForFrame(h.lastFrame, (f) => line(f, 'HighLatency · api').startsWith('▶'));
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('Acknowledge #101 and put an ack silence for 1h on 1 group?'));
    expect(h.calls).toEqual([]);
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledged #101; ack silence'));
    expect(h.calls).toEqual(['ack P1', 'createSilence alertname=HighLatency,service=api ack: PagerDuty #101 (P1) by ada@example.com']);
  });

  it('a on an incident that came from an alert group also silences the group; one without a group is acked alone', async () => {
    const routes = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [{ name: 'pd', pagerduty_configs: [{}] }] });
    const paged = [incident('P1', { number: 101, title: 'x', incidentKey: dedupKeyOf('{}:{alertname="HighLatency", service="api"}') }), incidents[1]!];
    const h = mount({ alerts, incidents: paged, state: { routes } });
    press(h.stdin, 'tab');
    await waitForFrame(h.lastFrame, (f) => f.includes('x ← HighLatency api ×2'));
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledged #101; ack silence'));
    expect(h.calls).toEqual(['ack P1', 'createSilence alertname=HighLatency,service=api ack: PagerDuty #101 (P1) by ada@example.com']);
    // The acked incident sorts below the triggered one: go to #102 wherever it is.
    press(h.stdin, 'g');
    await waitForFrame(h.lastFrame, (f) => line(f, '▶').includes('#102'));
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledged #102'));
    expect(h.calls.slice(2)).toEqual(['ack P2']);
  });

  it('t shows what happened to the selected group in the last hour, in the details; esc closes it', async () => {
    const asked: unknown[] = [];
    const h = mount({
      alerts,
      incidents,
      loadTimeline: async (q) => {
        asked.push(q);
        return { events: [{ at: new Date(T0 - 600_000), source: 'prometheus', kind: 'alert_fired', subject: 'HighLatency{service="api"}', text: 'fired 2m after silence c8fc41e4 expired' }], failures: ['pagerduty: connection refused'] };
      },
    });
    press(h.stdin, 'j', 'j');
    await waitForFrame(h.lastFrame, (f) => line(f, 'HighLatency · api').startsWith('▶'));
    press(h.stdin, 't');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('fired 2m after silence'));
    expect(frame).toContain('Timeline: HighLatency · api, last hour');
    expect(frame).toContain('not read: pagerduty: connection refused');
    expect(asked).toEqual([{ matchers: [{ name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true }, { name: 'service', value: 'api', isRegex: false, isEqual: true }], sinceMs: 3600_000 }]);
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => !f.includes('Timeline:') && f.includes('Alerts'));
  });

  it('bulk-acknowledges marked incidents and adds a note', async () => {
    const h = mount({ alerts, incidents });
    press(h.stdin, 'tab', 'space', 'j', 'space');
    await waitForFrame(h.lastFrame, (f) => f.includes('2 marked'));
    press(h.stdin, 'n');
    await waitForFrame(h.lastFrame, (f) => f.includes('note for #101 #102'));
    type(h.stdin, 'looking');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('note added to 2 incidents'));
    expect(h.calls).toEqual(['note P1 looking', 'note P2 looking']);
  });

  it('silences a group: prefilled matchers, live preview, comment required, then undo', async () => {
    const h = mount({ alerts, incidents });
    press(h.stdin, 'j', 'j'); // the HighLatency group header
    await waitForFrame(h.lastFrame, (f) => line(f, 'HighLatency').startsWith('▶'));
    press(h.stdin, 's');
    let frame = await waitForFrame(h.lastFrame, (f) => f.includes('New silence'));
    expect(line(frame, 'Matchers')).toContain('alertname="HighLatency"');
    expect(line(frame, 'Matchers')).not.toContain('instance'); // differs across the group
    expect(frame).toContain('together: 2 of 3 firing alerts');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('comment is required'));
    expect(h.calls).toEqual([]);
    type(h.stdin, 'deploy');
    press(h.stdin, 'enter');
    frame = await waitForFrame(h.lastFrame, (f) => f.includes('silence sil-new created — u to undo'));
    expect(h.calls).toEqual(['createSilence alertname=HighLatency,service=api,severity=warning deploy']);
    press(h.stdin, 'u');
    await waitForFrame(h.lastFrame, (f) => f.includes('expired sil-new'));
    expect(h.calls.at(-1)).toBe('expire sil-new');
  });

  it('edits matchers in the form and the preview follows', async () => {
    const h = mount({ alerts });
    press(h.stdin, 'j', 'j', 's');
    await waitForFrame(h.lastFrame, (f) => f.includes('New silence'));
    press(h.stdin, 'tab'); // comment -> matchers
    type(h.stdin, ' instance=web-1:9090');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('together: 1 of 3'));
    expect(line(frame, 'instance="web-1:9090"')).toContain('matches 1');
    press(h.stdin, 'tab', 'right'); // duration: 1h -> 4h
    await waitForFrame(h.lastFrame, (f) => /→/.test(f));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => f.includes('silence not created'));
  });
});

describe('read-only', () => {
  it('write keys vanish from the hints and, pressed, say why and send nothing', async () => {
    const h = mount({ alerts, incidents, state: { context: { name: 'prod', isProd: true, readOnly: true, readOnlyReason: '--readonly', author: 'ada' } } });
    press(h.stdin, 'tab');
    const frame = await waitForFrame(h.lastFrame, (f) => line(f, '#101').startsWith('▶'));
    expect(frame).not.toContain('a ack');
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('read-only (--readonly): ack is disabled'));
    press(h.stdin, 'shift-tab', 's');
    await waitForFrame(h.lastFrame, (f) => f.includes('silence is disabled'));
    expect(h.calls).toEqual([]);
  });
});

describe('sources in trouble', () => {
  it('the header says which source fails and since when; its data stays, marked stale', async () => {
    const h = mount({ alerts, incidents });
    h.store.dispatch({ type: 'pollOk', source: 'pagerduty', at: T0, latencyMs: 50, slow: false });
    h.store.dispatch({ type: 'pollOk', source: 'alertmanager', at: T0 - 120_000, latencyMs: 50, slow: false });
    h.store.dispatch({ type: 'pollFailed', source: 'alertmanager', at: T0 - 60_000, latencyMs: 5, message: 'alertmanager: connection refused', kind: 'network' });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('failing'));
    expect(line(frame, 'oncall')).toMatch(/am ● failing ok 2m ago/);
    expect(line(frame, 'oncall')).toMatch(/pd ● ok/);
    expect(line(frame, 'Alerts')).toContain('STALE: alertmanager: connection refused');
    expect(frame).toContain('web-1:9090');
  });
});

describe('panes and views', () => {
  it('z maximises the focused pane and enter opens the details of the selection', async () => {
    const many = Array.from({ length: 30 }, (_, i) => incident(`P${i + 1}`, { number: 200 + i, title: `Incident number ${i}` }));
    const h = mount({ alerts, incidents: many });
    press(h.stdin, 'tab');
    let frame = await waitForFrame(h.lastFrame, (f) => line(f, '#200').startsWith('▶'));
    expect(frame).not.toContain('#215');
    press(h.stdin, 'z');
    frame = await waitForFrame(h.lastFrame, (f) => f.includes('#215'));
    expect(frame).not.toContain('Alerts');
    press(h.stdin, 'pagedown');
    await waitForFrame(h.lastFrame, (f) => /^▶ #2[1-9]\d/.test(line(f, '▶')));
    press(h.stdin, 'enter');
    frame = await waitForFrame(h.lastFrame, (f) => f.includes('Details') && f.includes('assigned: Ada'));
    // The P… id shows beside the number: what `oncall incident` and PagerDuty's tools take.
    const number = Number(/#(\d+) Incident number/.exec(frame)?.[1]);
    expect(frame).toMatch(new RegExp(`P${number - 199} · triggered`));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => !f.includes('assigned: Ada'));
  });

  it('the silences view lists expiring-soon first and extends the selected silence', async () => {
    const m = (v: string) => [{ name: 'alertname', value: v, isRegex: false, isEqual: true }];
    const h = mount({
      alerts,
      silences: [silence('sil-late', m('HighLatency'), { endsAt: new Date(T0 + 9_000_000) }), silence('sil-soon', m('DiskFull'), { endsAt: new Date(T0 + 600_000) })],
      am: { updateSilence: async (d) => `${d.id}-2` },
    });
    press(h.stdin, ':');
    type(h.stdin, 'silences');
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('sil-soon'));
    expect(frame.indexOf('sil-soon')).toBeLessThan(frame.indexOf('sil-late'));
    press(h.stdin, 'e');
    await waitForFrame(h.lastFrame, (f) => f.includes('extended sil-soon-2'));
  });
});
