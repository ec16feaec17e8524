/**
 * The terminal around the dashboard, in a real pseudo-terminal: every way out gives the shell back
 * in a usable state, and the smallest supported terminal (80×24) holds every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatus, loaded, openDashboard } from './helpers/dashboard.js';
import { REPO, SLO_NAME, startStack, type Stack } from './helpers/stack.js';
import { displayWidth, frame, isRunning, startTmux, type Tmux } from './helpers/tmux.js';
import { pollUntil } from '../helpers/net.js';

let stack: Stack;
const sessions: Tmux[] = [];

async function terminal(columns: number, rows: number): Promise<Tmux> {
  const t = await startTmux({ columns, rows, cwd: REPO, env: stack.env });
  sessions.push(t);
  return t;
}

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  for (const t of sessions) await t.kill();
  await stack?.stop();
});

async function signal(t: Tmux, sig: NodeJS.Signals): Promise<void> {
  const pids = await t.children();
  expect(pids, 'the dashboard is the one process the shell is running').toHaveLength(1);
  process.kill(pids[0]!, sig);
}

const WAYS_OUT: Array<{ how: string; status: number; leave: (t: Tmux) => Promise<void> }> = [
  { how: 'q', status: 0, leave: (t) => t.keys('q') },
  { how: 'Ctrl-C', status: 0, leave: (t) => t.keys('C-c') },
  // A kill, and a dropped SSH session: the terminal is restored, then the process ends as the signal asked.
  { how: 'SIGTERM', status: 128 + 15, leave: (t) => signal(t, 'SIGTERM') },
  { how: 'SIGHUP', status: 128 + 1, leave: (t) => signal(t, 'SIGHUP') },
  // Ctrl-\\ in a cooked terminal, or kill -3; and a signal nobody expects, whose default also ends us.
  { how: 'SIGQUIT', status: 128 + 3, leave: (t) => signal(t, 'SIGQUIT') },
  { how: 'SIGUSR2', status: 128 + 12, leave: (t) => signal(t, 'SIGUSR2') },
];

describe('leaving the dashboard restores the terminal', () => {
  let t: Tmux;

  beforeAll(async () => {
    t = await terminal(100, 30);
  });

  it.each(WAYS_OUT)('$how: the shell is back, out of the alternate screen, cursor shown, line discipline sane', async ({ leave, status }) => {
    await t.run('clear');
    await t.waitForShell();
    await openDashboard(t);
    expect(await t.format('#{alternate_on}')).toBe('1');

    await leave(t);
    expect(await exitStatus(t)).toBe(status);
    expect(await t.format('#{alternate_on}')).toBe('0');
    expect(await t.format('#{cursor_flag}'), 'cursor visible').toBe('1');
    // The normal screen as it was: the command line typed, then what the shell printed after it.
    const screen = await t.screen();
    expect(screen).toContain('e2e$ node bin/oncall.js;');
    expect(screen, `no dashboard left on the shell's screen:\n${frame(screen)}`).not.toMatch(/─ Alerts ─|am ● /);

    // Raw mode undone: the terminal echoes and reads whole lines again.
    // The quotes split the marker, so the command line as typed does not match it.
    await t.run(`echo "t""ty: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -e '-?(icanon|echo)' | tr '\\n' ' ')"`);
    const tty = await t.waitForScreen((s) => /^tty: /m.test(s), 'the stty report');
    expect(/^tty: (.*)$/m.exec(tty)![1]!.trim()).toBe('icanon echo');
  });
});

it('a hung-up terminal (the SSH session dropped) ends the dashboard instead of leaving it polling', async () => {
  const t = await terminal(100, 30);
  await openDashboard(t);
  const pids = await t.children();
  expect(pids).toHaveLength(1);
  await t.hangUp();
  await pollUntil(() => !isRunning(pids[0]!), 'the dashboard to end after its terminal went away', 10_000).catch(() => {});
  expect(isRunning(pids[0]!), 'the dashboard still runs 10 s after its terminal went away').toBe(false);
});

describe('80×24', () => {
  let t: Tmux;

  beforeAll(async () => {
    t = await terminal(80, 24);
    await openDashboard(t);
  });

  /** Wrapped rows joined back: a line the dashboard wrote wider than 80 columns shows up whole. */
  async function overlong(): Promise<string[]> {
    const lines = await t.joinedLines();
    return lines.map((l) => l.trimEnd()).filter((l) => displayWidth(l) > 80).map((l) => `${displayWidth(l)} cols: ${l}`);
  }

  async function expectFits(what: string, until: (s: string) => boolean): Promise<void> {
    const screen = await t.waitForScreen(until, what);
    expect(await overlong(), `${what}: no line wider than 80 columns\n${frame(screen)}`).toEqual([]);
    const rows = screen.replace(/\n$/, '').split('\n');
    expect(rows.length).toBe(24);
    expect(rows[0], `${what}: the header is on the first row`).toMatch(/^oncall\s+e2e/);
  }

  it('the main screen holds the SLO strip, alerts, incidents and the key hints', async () => {
    await expectFits('the main screen', (s) => loaded(s) && s.includes('? help'));
    const screen = await t.screen();
    // Narrow rows cut the SLO name, but its start stays readable.
    expect(screen).toContain(SLO_NAME.slice(0, 12));
    expect(screen).toMatch(/─ Alerts ─ 3 firing/);
    expect(screen).toMatch(/─ Incidents ─ 4/);
  });

  it('help, details, the silence form and the command prompt fit too', async () => {
    await t.keys('?');
    await expectFits('the help overlay', (s) => s.includes('Keys — ? or esc closes'));
    await t.keys('Escape');
    await t.waitForScreen((s) => s.includes('─ Alerts ─'), 'the main screen again');

    await t.keys('g', 'Enter');
    await expectFits('the alert details', (s) => /Details ─/.test(s) && s.includes('esc closes') && s.includes('severity'));
    await t.keys('Escape');
    await t.waitForScreen((s) => s.includes('─ Alerts ─'), 'the main screen again');

    await t.keys('s');
    await expectFits('the silence form', (s) => s.includes('New silence') && s.includes('alertname="DiskAlmostFull"'));
    await t.keys('Escape');
    await t.waitForScreen((s) => s.includes('silence not created'), 'the form closed without a silence');

    await t.keys(':');
    await t.type('incidents and a long line typed into the command prompt that goes past eighty columns');
    await expectFits('the command prompt', (s) => s.includes(':incidents and a long'));
    // Escape and the next key sent together read as alt-key, as in any terminal: wait in between.
    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes(':incidents and a long') && s.includes('? help'), 'the command prompt closed');
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  });
});
