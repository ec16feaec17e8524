import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { runDashboard, type DashboardDeps } from '../../src/ui/run.js';
import { alert, T0 } from '../state/fixtures.js';
import { waitFor } from './helpers.js';

class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  out = '';
  write = (chunk: string) => {
    this.out += chunk;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  raw = false;
  private data: string | null = null;
  setEncoding() {}
  setRawMode(on: boolean) {
    this.raw = on;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  send(data: string) {
    this.data = data;
    this.emit('readable');
  }
}

function deps(stdout: FakeStdout, stdin: FakeStdin): DashboardDeps {
  return {
    context: { name: 'staging', isProd: false, readOnly: false, author: 'ada' },
    alertmanager: {
      alerts: async () => [alert('a1', { alertname: 'HighLatency', service: 'api' })],
      silences: async () => [],
      createSilence: async () => 'x',
      extendSilence: async () => ({ id: 'x', endsAt: new Date(T0), replaced: false }),
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

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

afterEach(() => {
  process.exitCode = undefined;
});

describe('runDashboard', () => {
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
});
