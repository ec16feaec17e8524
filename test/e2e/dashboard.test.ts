/**
 * The built binary in a real pseudo-terminal (tmux) against real Prometheus 2.42, Alertmanager 0.25
 * and the PagerDuty fake: what an on-call engineer does on a shift, checked on the servers too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYMAP } from '../../src/keymap/keymap.js';
import { DEMO_FROM, exitStatus, loaded, openDashboard, writesSince } from './helpers/dashboard.js';
import { AUTHOR, REPO, SLO_NAME, startStack, type Stack } from './helpers/stack.js';
import { frame, startTmux, type Tmux } from './helpers/tmux.js';

interface WireSilence {
  id: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: string };
}

let stack: Stack;
const sessions: Tmux[] = [];

async function terminal(columns = 120, rows = 40): Promise<Tmux> {
  const t = await startTmux({ columns, rows, cwd: REPO, env: stack.env });
  sessions.push(t);
  return t;
}

async function silences(): Promise<WireSilence[]> {
  const res = await fetch(`${stack.am.url}/api/v2/silences`);
  expect(res.ok).toBe(true);
  return (await res.json()) as WireSilence[];
}

const incidentByTitle = (title: string) => stack.pd.state.incidents.find((i) => i.title === title)!;
const count = (screen: string, text: string) => screen.split('\n').filter((row) => row.includes(text)).length;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  for (const t of sessions) await t.kill();
  await stack?.stop();
});

describe('the dashboard on a real stack', () => {
  let t: Tmux;

  beforeAll(async () => {
    t = await terminal();
    await openDashboard(t);
  });

  it('opens on data from every source: SLO, alerts, incidents and who is on call', async () => {
    const screen = await t.screen();
    expect(screen).toMatch(/oncall\s+e2e/);
    expect(screen).toContain('on call: ');
    expect(screen).toContain('Ada Lovelace');
    // The strip cuts the name short beside the details, as loaded() allows.
    expect(screen).toContain(SLO_NAME.slice(0, 8));
    expect(screen).toContain('99.95%');
    expect(screen).toMatch(/Alerts ─ 3 firing/);
    expect(screen).toMatch(/DiskAlmostFull · orders/);
    expect(screen).toMatch(/LatencyHigh · search/);
    // Beside the details the incident row leaves the title what the countdown does not take.
    expect(screen).toContain('checkout-api error budget');
    expect(await t.format('#{alternate_on}')).toBe('1');
  });

  it('draws each frame in place: one header, one alerts title, one cursor, however often it redraws', async () => {
    // Each key is one redraw; a frame drawn one row off leaves copies of unchanged rows behind.
    for (const key of ['j', 'j', 'k']) {
      const before = await t.screen();
      await t.keys(key);
      await t.waitForScreen((s) => s !== before, `a redraw after ${key}`);
    }
    const screen = await t.screen();
    const rows = screen.split('\n');
    const problems: string[] = [];
    if (!/^oncall\s+e2e/.test(rows[0] ?? '')) problems.push(`row 1 is not the header: "${rows[0]}"`);
    if (count(screen, 'oncall  e2e') !== 1) problems.push(`the header is on ${count(screen, 'oncall  e2e')} rows`);
    if (count(screen, '─ Alerts ─') !== 1) problems.push(`the alerts title is on ${count(screen, '─ Alerts ─')} rows`);
    if (count(screen, '─ Incidents ─') !== 1) problems.push(`the incidents title is on ${count(screen, '─ Incidents ─')} rows`);
    if (count(screen, '▶') !== 1) problems.push(`the cursor ▶ is on ${count(screen, '▶')} rows`);
    expect(problems, `the screen is not one clean frame:\n${frame(screen)}`).toEqual([]);
  });

  it('silences the selected alert with its labels as matchers, as Alertmanager then reports', async () => {
    // Narrow the list to one alert, then step from its group header onto the alert itself.
    await t.keys('/');
    await t.type('instance=search-1');
    await t.keys('Enter');
    await t.waitForScreen((s) => s.includes('filter: instance=search-1'), 'the filtered alert list');
    await t.keys('g', 'j', 's');
    await t.waitForScreen((s) => s.includes('New silence') && s.includes('instance="search-1"'), 'the silence form for search-1');
    const form = await t.screen();
    expect(form).toContain('alertname="LatencyHigh"');
    expect(form).toMatch(/together: 1 of 3 firing alerts/);

    await t.type('e2e: search-1 is being replaced');
    await t.waitForScreen((s) => s.includes('e2e: search-1 is being replaced'), 'the comment typed into the form');
    await t.keys('Enter');
    const done = await t.waitForScreen((s) => /silence [0-9a-f-]{36} created/.test(s), 'the silence to be created');
    const id = /silence ([0-9a-f-]{36}) created/.exec(done)![1]!;

    const created = (await silences()).find((s) => s.id === id);
    expect(created, `silence ${id} in Alertmanager`).toBeDefined();
    expect(created!.status.state).toBe('active');
    expect(created!.createdBy).toBe(AUTHOR);
    expect(created!.comment).toBe('e2e: search-1 is being replaced');
    const matchers = created!.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true }));
    expect(matchers.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'alertname', value: 'LatencyHigh', isRegex: false, isEqual: true },
      { name: 'instance', value: 'search-1', isRegex: false, isEqual: true },
      { name: 'service', value: 'search', isRegex: false, isEqual: true },
      { name: 'severity', value: 'warning', isRegex: false, isEqual: true },
    ]);
    // The form's default duration.
    const lengthMs = Date.parse(created!.endsAt) - Date.parse(created!.startsAt);
    expect(Math.abs(lengthMs - 3_600_000)).toBeLessThan(5_000);

    // The screen follows the server: the alert is flagged silenced once Alertmanager says so.
    await t.waitForScreen((s) => /● S\s+\d+m\s+search-1/.test(s), 'search-1 flagged as silenced');
    // Escape and the next key sent together read as alt-key, as in any terminal: wait in between.
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('filter: instance=search-1'), 'esc to clear the alert filter');
  });

  it('acknowledges an incident: the fake receives the write with the From header, and the row says ACK', async () => {
    const incident = incidentByTitle('p99 latency > 2s on /pay');
    expect(incident.status).toBe('triggered');
    const before = stack.pd.requests.length;
    await t.keys(':');
    await t.type('incidents');
    await t.keys('Enter');
    await t.keys('/');
    await t.type('p99 latency');
    await t.keys('Enter');
    await t.waitForScreen((s) => s.includes('filter: p99 latency'), 'the filtered incident list');
    await t.keys('g', 'a');
    await t.waitForScreen((s) => s.includes(`acknowledged #${incident.number}`), `the status line to confirm #${incident.number}`);

    const writes = writesSince(stack, before);
    expect(writes.length, 'one write for one ack').toBe(1);
    const [put] = writes;
    expect(put!.method).toBe('PUT');
    expect(['/incidents', `/incidents/${incident.id}`]).toContain(put!.path);
    expect(put!.headers.from).toBe(DEMO_FROM);
    expect(JSON.stringify(put!.body)).toContain('"acknowledged"');
    expect(stack.pd.state.incidents.find((i) => i.id === incident.id)!.status).toBe('acknowledged');
    await t.waitForScreen((s) => new RegExp(`#${incident.number}\\s+ACK`).test(s), `#${incident.number} shown as ACK`);
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('filter: p99 latency'), 'esc to clear the incident filter');
  });

  it('? opens a help overlay that lists the keys from the keymap, and esc closes it', async () => {
    await t.keys('?');
    const bindings = KEYMAP.filter((k) => (['global', 'list', 'alerts', 'incidents'] as string[]).includes(k.scope));
    const listed = (screen: string, b: (typeof bindings)[number]) => screen.split('\n').some((r) => r.includes(` ${b.keys.join(' ')} `) && r.includes(b.description.slice(0, 20)));
    // The overlay scrolls when the keys outgrow the screen: read it page by page (j scrolls), and wait for
    // each page to be painted whole, not its title only.
    let help = '';
    for (let page = 0; page < 10; page++) {
      const seen = await t.waitForScreen((s) => s.includes('Keys — ? or esc closes') && !s.includes(help.split('\n').slice(-4).join('\n') || '\u0000') , `help page ${page + 1}`);
      help += `${seen}\n`;
      if (!/\d+ more below/.test(seen)) break;
      await t.keys(...Array<string>(20).fill('j'));
    }
    for (const b of bindings) expect(listed(help, b), `help lists ${b.keys.join(' ')}: ${b.description}\n${frame(help)}`).toBe(true);
    expect(help).toContain('Alerts pane');
    expect(help).toContain('Incidents pane');
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('Keys — ? or esc closes') && s.includes('─ Alerts ─'), 'the help overlay to close');
  });

  it('takes esc and the key after it when both arrive in one read (fast typing, SSH): esc closes help, / starts a filter', async () => {
    await t.keys('?');
    await t.waitForScreen((s) => s.includes('Keys — ? or esc closes'), 'the help overlay');
    // One write: the terminal reads "\x1b/" at once, as it does when the two keys travel in one packet.
    await t.type('\u001b/zq');
    const screen = await t.waitForScreen((s) => /^\/zq/m.test(s), 'the filter prompt holding zq');
    expect(screen, frame(screen)).not.toContain('Keys — ? or esc closes');
    await t.keys('Escape');
    await t.waitForScreen((s) => !/^\/zq/m.test(s) && s.includes('─ Alerts ─'), 'the filter prompt to close');
  });

  it('q quits and gives the shell back: alternate screen left, exit status 0', async () => {
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
    expect(await t.format('#{alternate_on}')).toBe('0');
  });
});

describe('read-only mode', () => {
  let t: Tmux;

  beforeAll(async () => {
    t = await terminal();
    await openDashboard(t, '--readonly', (s) => loaded(s) && s.includes('[read-only]'));
  });

  it('hides write keys from the footer', async () => {
    const screen = await t.screen();
    expect(screen).toContain('? help');
    expect(screen).not.toMatch(/\bs silence\b/);
  });

  it('s says why it is refused and no silence reaches Alertmanager', async () => {
    const before = (await silences()).length;
    await t.keys('g', 's');
    const screen = await t.waitForScreen((s) => /read-only \(--readonly\): silence is disabled/.test(s), 'the refusal in the status line');
    expect(screen).not.toContain('New silence');
    expect((await silences()).length).toBe(before);
  });

  it('a on an incident says why and sends nothing to PagerDuty', async () => {
    const before = stack.pd.requests.length;
    // `a` only means ack in the incidents pane: the refusal shows the key reached it.
    await t.keys('Tab', 'a');
    await t.waitForScreen((s) => /read-only \(--readonly\): ack is disabled/.test(s), 'the refusal in the status line');
    expect(writesSince(stack, before)).toEqual([]);
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  });
});
