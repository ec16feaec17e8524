import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../src/domain/runbook/markdown.js';
import { osc52 } from '../../src/domain/runbook/terminal.js';
import { realTimers } from '../../src/state/poller.js';
import { RunbookCache } from '../../src/state/runbooks.js';
import { runDashboard as run, type DashboardDeps } from '../../src/cli/session.js';
import * as ui from '../../src/ui/mount.js';
import { alert, T0 } from '../state/fixtures.js';
import { waitFor } from '../ui/helpers.js';
import { FakeStdin } from '../ui/fakeStdin.js';

await loadMarkdown();

class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  out = '';
  chunks: string[] = [];
  write = (chunk: string) => {
    this.out += chunk;
    this.chunks.push(chunk);
    return true;
  };
}

function deps(stdout: FakeStdout, stdin: FakeStdin): DashboardDeps {
  return {
    context: { name: 'staging', isProd: false, readOnly: false, author: 'ada' },
    alertmanager: {
      alerts: async () => [alert('a1', { alertname: 'HighLatency', service: 'api' })],
      silences: async () => [],
      createSilence: async () => 'x',
      updateSilence: async () => 'x',
      expireSilence: async () => {},
    },
    poll: { alertmanagerMs: 60_000, pagerdutyMs: 60_000, prometheusMs: 60_000 },
    display: { ascii: false, color: false, hyperlinks: false },
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    patchConsole: false,
  };
}

/** The session with the real UI module, as the CLI loads it. */
const runDashboard = (d: DashboardDeps) => run(d, ui);

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

afterEach(() => {
  process.exitCode = undefined;
});

describe('runDashboard (the session the CLI wires)', () => {
  it('opens in the alternate screen and restores the terminal when the user presses q', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const done = runDashboard(deps(stdout, stdin));
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame with data');
    expect(stdout.out.startsWith(ENTER_ALT)).toBe(true);
    expect(stdin.raw).toBe(true);
    stdin.send('q');
    await done;
    expect(stdout.out.endsWith(LEAVE_ALT)).toBe(true);
    expect(stdin.raw).toBe(false);
  });

  it(':ctx that cannot load the other context says why without the credentials in its config', async () => {
    const stdout = new FakeStdout();
    stdout.columns = 160;
    const stdin = new FakeStdin();
    const done = runDashboard({
      ...deps(stdout, stdin),
      switchContext: async () => {
        throw new Error('context us: alertmanager.urls[0]: "http://admin:hunter2@am-us:99999" is not a URL');
      },
    });
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame with data');
    for (const key of [':', ...'ctx us', '\r']) stdin.send(key);
    await waitFor(() => stdout.out.includes('cannot switch to us'), 5000, 'the failure said');
    expect(stdout.out).toContain('REDACTED@am-us:99999');
    expect(stdout.out).not.toContain('hunter2');
    stdin.send('q');
    await done;
  });

  it('an answer that comes while keys are pressed is not drawn under the moving cursor', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    // The hold sets its timer when it holds an answer: that is when the second answer has come.
    let held!: () => void;
    const second = new Promise<void>((resolve) => (held = resolve));
    const timers = { ...realTimers, setTimeout: (fn: () => void, ms: number) => (held(), realTimers.setTimeout(fn, ms)) };
    const d = { ...deps(stdout, stdin), hold: { quietMs: 60_000, maxHoldMs: 60_000, timers } };
    let calls = 0;
    d.alertmanager!.alerts = async () => {
      calls++;
      if (calls === 1) return [alert('a1', { alertname: 'HighLatency', service: 'api' })];
      return [alert('a1', { alertname: 'HighLatency', service: 'api' }), alert('a2', { alertname: 'DiskFull', service: 'db' })];
    };
    const done = runDashboard(d);
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame with data');
    stdin.send('\u0012'); // ctrl-r: refresh now
    await second;
    const before = stdout.out.length;
    stdin.send('\t');
    await waitFor(() => stdout.out.length > before, 5000, 'a frame after the key');
    expect(stdout.out).not.toContain('DiskFull');
    stdin.send('q');
    await done;
  });

  it('a cursor move rewrites a couple of lines, not the screen', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const d = deps(stdout, stdin);
    d.alertmanager!.alerts = async () => Array.from({ length: 30 }, (_, i) => alert(`a${i}`, { alertname: 'HighLatency', service: 'api', instance: `host-${i}` }));
    const done = runDashboard(d);
    await waitFor(() => stdout.out.includes('host-9'), 5000, 'first frame with data');
    const full = stdout.out.length;
    stdin.send('j');
    await waitFor(() => stdout.out.length > full, 5000, 'a frame after the key');
    const move = stdout.out.slice(full);
    // Absolute addressing of the two rows whose selection changed (the header may tick meanwhile).
    const rows = [...move.matchAll(/\u001b\[(\d+);1H/g)].map((m) => Number(m[1])).filter((row) => row > 2);
    expect(rows).toHaveLength(2);
    expect(move.length).toBeLessThan(full / 10);
    stdin.send('q');
    await done;
  });

  it('restores the terminal on SIGHUP (a dropped SSH session) and leaves no signal handler behind', async () => {
    const before = process.listenerCount('SIGHUP');
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const done = runDashboard(deps(stdout, stdin));
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame');
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    process.emit('SIGHUP', 'SIGHUP');
    await done;
    expect(stdout.out.endsWith(LEAVE_ALT)).toBe(true);
    expect(process.exitCode).toBe(129);
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });

  it('follows a resize of the terminal', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const done = runDashboard(deps(stdout, stdin));
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame');
    const before = stdout.out.length;
    stdout.columns = 150;
    stdout.rows = 40;
    stdout.emit('resize');
    // The wide layout brings the detail pane beside the lists.
    await waitFor(() => stdout.out.slice(before).includes('Details'), 5000, 'wide layout');
    stdin.send('q');
    await done;
  });

  it('c puts the command on the clipboard with OSC 52 written between frames, and the screen stays in step', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const d = deps(stdout, stdin);
    d.alertmanager!.alerts = async () => [alert('a1', { alertname: 'HighLatency', service: 'api', instance: 'web-1:9090' })];
    const runbook = parseRunbook('# HighLatency\n\n## Steps\n\n1. Look at the box\n   ```\n   ssh {{ $labels.instance }} uptime\n   ```\n');
    d.runbooks = new RunbookCache({
      alert: async () => ({ status: 'ok', message: 'from test', runbook, looked: [] }),
      incident: async () => ({ status: 'not_found', message: 'none', looked: [] }),
    });
    d.env = {};
    const done = runDashboard(d);
    await waitFor(() => stdout.out.includes('HighLatency'), 5000, 'first frame with data');
    stdin.send('R');
    await waitFor(() => stdout.out.includes('ssh web-1:9090 uptime'), 5000, 'the runbook on screen');
    const before = stdout.chunks.length;
    stdin.send('c');
    await waitFor(() => stdout.out.includes('copied: ssh web-1:9090 uptime'), 5000, 'the copy confirmed');
    const after = stdout.chunks.slice(before);
    // The sequence goes out whole and alone, not inside a painted line.
    expect(after).toContain(osc52('ssh web-1:9090 uptime'));
    // What follows is an update of the changed lines, not a repaint from a cleared screen.
    expect(after.join('')).not.toContain('\u001b[2J');
    stdin.send('q');
    await done;
  });
});
