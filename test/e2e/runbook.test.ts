/**
 * The runbook pane end to end: the built binary in tmux against real Alertmanager 0.25, an alert
 * whose runbook_url points at a runbook server in this test. Select the alert, see its steps with
 * its own instance filled in, focus the runbook, press `c`, and check the clipboard.
 *
 * How the copy is checked: the tmux server runs with `set-clipboard on`, so tmux itself takes the
 * OSC 52 sequence the dashboard writes and stores its text as a paste buffer; `show-buffer` reads it
 * back. That proves the sequence went out whole, base64 and all, through a real pseudo-terminal,
 * and that tmux (what a user's SSH session usually runs in) accepts it. Inside tmux the dashboard
 * also sends the DCS passthrough form, which tmux drops without `allow-passthrough`: the buffer
 * holds the plain form's text.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAlerts } from '../helpers/alertmanager.js';
import { exitStatus, openDashboard } from './helpers/dashboard.js';
import { REPO, startStack, type Stack } from './helpers/stack.js';
import { clipboard, keepClipboard, selectRow } from './helpers/clipboard.js';
import { startTmux, type Tmux } from './helpers/tmux.js';

const RUNBOOK = `# HighErrorRate

**Severity:** critical

## Investigation Steps

1. Check the instance answers:
   \`\`\`bash
   curl -sS http://{{ $labels.instance }}/healthz
   \`\`\`
2. Read its recent errors:
   \`\`\`bash
   journalctl -u checkout --since=-15m | grep -i error
   \`\`\`
`;
const COMMAND = 'curl -sS http://web-7:9090/healthz';

let stack: Stack;
let server: Server;
let t: Tmux | undefined;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/runbooks/HighErrorRate.md') {
      res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8' });
      res.end(RUNBOOK);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startStack();
  await postAlerts(stack.am.url, [
    {
      labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance: 'web-7:9090' },
      annotations: { summary: 'checkout 5xx above 5% on web-7', runbook_url: `${base}/runbooks/HighErrorRate.md` },
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
    {
      labels: { alertname: 'QueueBacklog', service: 'orders', severity: 'critical', instance: 'mq-1' },
      annotations: { summary: 'orders queue backlog on mq-1', runbook_url: `${base}/runbooks/missing.md` },
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
  ]);
}, 90_000);

afterAll(async () => {
  await t?.kill();
  await stack?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the runbook pane in a real terminal', () => {
  it('shows the selected alert’s runbook filled in, and c puts its command on the clipboard', async () => {
    t = await startTmux({ columns: 120, rows: 40, cwd: REPO, env: stack.env });
    await keepClipboard(t);
    await openDashboard(t, '', (s) => s.includes('HighErrorRate') && s.includes('QueueBacklog'));

    await selectRow(t, 'web-7:9090');
    let screen = await t.waitForScreen((s) => s.includes(COMMAND), 'the runbook with the instance filled in', 20_000);
    expect(screen).toMatch(/Runbook ─ HighErrorRate · web-7:9090/);
    expect(screen).toContain('from runbook_url http://127.0.0.1:');
    expect(screen).toContain('Check the instance answers');
    expect(requests.filter((r) => r === '/runbooks/HighErrorRate.md')).toHaveLength(1);

    // A runbook that is not there says so, and where it looked.
    await selectRow(t, 'mq-1');
    screen = await t.waitForScreen((s) => s.includes('looked in:'), 'the missing runbook explained');
    expect(screen).toMatch(/not found \(HTTP 404/);
    expect(screen).toMatch(/link \(o opens it\): http:\/\/127\.0\.0\.1:\d+\/runbo/);

    await selectRow(t, 'web-7:9090');
    await t.waitForScreen((s) => s.includes(COMMAND), 'the runbook again, from the cache');
    await t.keys('R');
    await t.waitForScreen((s) => s.includes('esc back') && s.includes('space done'), 'the runbook focused');
    await t.keys('c');
    screen = await t.waitForScreen((s) => s.includes(`copied: ${COMMAND}`), 'the copy confirmed');
    expect(await clipboard(t)).toBe(COMMAND);
    // Fetched once: the cache served every later look.
    expect(requests.filter((r) => r === '/runbooks/HighErrorRate.md')).toHaveLength(1);

    // The second step: j moves, c copies its command instead.
    await t.keys('j', 'c');
    await t.waitForScreen((s) => s.includes('copied: journalctl -u checkout'), 'the second copy');
    expect(await clipboard(t)).toBe('journalctl -u checkout --since=-15m | grep -i error');

    await t.keys('Escape');
    await t.waitForScreen((s) => !s.includes('esc back'), 'back to the list');
    await t.keys('q');
    expect(await exitStatus(t)).toBe(0);
  }, 120_000);
});
