import { readFileSync } from 'node:fs';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../src/domain/runbook/markdown.js';
import { decodeOsc52 } from '../../src/domain/runbook/terminal.js';
import type { RunbookResult } from '../../src/domain/runbook/types.js';
import { RunbookCache, type RunbookFinders } from '../../src/state/runbooks.js';
import { alert, incident } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, waitFor, waitForFrame } from './helpers.js';

await loadMarkdown();

afterEach(() => cleanup());

const HIGH_ERROR_RATE = readFileSync(new URL('../fixtures/runbooks/HighErrorRate.md', import.meta.url), 'utf8');
const URL_HER = 'https://runbooks.example.com/HighErrorRate.md';

const alerts = [
  alert('fp-web1', { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance: 'web-1:9090', namespace: 'shop', pod: 'checkout-7d9f' }, { annotations: { runbook_url: URL_HER, summary: 'errors on web-1' } }),
  alert('fp-web2', { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance: 'web-2:9090', namespace: 'shop' }, { annotations: { runbook_url: URL_HER, summary: 'errors on web-2' } }),
  alert('fp-disk', { alertname: 'DiskFull', service: 'db', severity: 'warning', instance: 'db-1:9100' }),
];

const ok = (text: string, location = URL_HER): RunbookResult => ({
  status: 'ok',
  message: `from runbook_url ${location}`,
  foundAt: { kind: 'url', location },
  link: location,
  runbook: parseRunbook(text),
  looked: [{ kind: 'annotation', location, outcome: 'ok', message: '200' }],
});

/** Finders answering by alertname; a name without an answer stays loading until `release`. */
function finders(answers: Record<string, RunbookResult | (() => RunbookResult)>) {
  const calls: string[] = [];
  const waiting = new Map<string, (r: RunbookResult) => void>();
  const find = (name: string): Promise<RunbookResult> => {
    calls.push(name);
    const a = answers[name];
    if (a) return Promise.resolve(typeof a === 'function' ? a() : a);
    return new Promise((resolve) => waiting.set(name, resolve));
  };
  const f: RunbookFinders = {
    alert: (a) => find(a.labels.alertname ?? ''),
    incident: (i) => find(`service:${i.service.name}`),
  };
  return { cache: new RunbookCache(f), calls, release: (name: string, r: RunbookResult) => waiting.get(name)?.(r) };
}

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';
const WIDE = { columns: 160, rows: 50 };

describe('the runbook pane', () => {
  it("shows the selected alert's steps beside it, with the alert's own values filled in", async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const h = mount({ alerts, runbooks: cache, size: WIDE });
    press(h.stdin, 'j'); // the first alert of the HighErrorRate group
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('kubectl -n shop get pods -l app=checkout'));
    expect(line(frame, 'Runbook')).toContain('HighErrorRate · web-1:9090');
    expect(frame).toContain(`from runbook_url ${URL_HER}`);
    expect(frame).toContain('Investigation Steps');
    expect(frame).toContain('kubectl logs checkout-7d9f --since=15m');
    // No alert value: the placeholder stays visible and marked, and the pane says which.
    expect(frame).toContain('⟨$value?⟩');
    expect(frame).toContain('not filled, the alert has no value for: $value');
    // The other alert of the group gets its own values from the same (cached) runbook.
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (f) => line(f, 'Runbook').includes('web-2:9090') && f.includes('⟨$labels.pod?⟩'));
  });

  it('at 80×24, R opens the runbook under the details; it fits, and esc goes back to the list', async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const h = mount({ alerts, runbooks: cache });
    press(h.stdin, 'j', 'R');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('kubectl -n shop get pods'));
    const rows = frame.split('\n');
    expect(rows.length).toBeLessThanOrEqual(24);
    for (const r of rows) expect([...r].length, r).toBeLessThanOrEqual(80);
    expect(frame).toContain('Details');
    expect(frame).toContain('space done');
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => f.includes('Alerts') && !f.includes('kubectl'));
  });

  it('space marks a step done; the mark stays when moving to another alert and back', async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const h = mount({ alerts, runbooks: cache, size: WIDE, ascii: true });
    press(h.stdin, 'j', 'R');
    await waitForFrame(h.lastFrame, (f) => f.includes('[ ] Check whether the pods are healthy'));
    press(h.stdin, 'j', 'space');
    let frame = await waitForFrame(h.lastFrame, (f) => f.includes('[x] Read the last errors'));
    expect(frame).toContain('[ ] Check whether the pods are healthy');
    expect(frame).toContain('1/6 done');
    expect(frame).toContain('step 2 of 6 done');
    // Another alert of the same runbook has its own marks.
    press(h.stdin, 'esc', 'j', 'R');
    frame = await waitForFrame(h.lastFrame, (f) => line(f, 'Runbook').includes('web-2:9090'));
    expect(frame).toContain('[ ] Read the last errors');
    press(h.stdin, 'esc', 'k', 'R');
    await waitForFrame(h.lastFrame, (f) => line(f, 'Runbook').includes('web-1:9090') && f.includes('[x] Read the last errors'));
  });

  it("c copies the selected step's command with OSC 52 and says so", async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const h = mount({ alerts, runbooks: cache, size: WIDE });
    press(h.stdin, 'j', 'R');
    await waitForFrame(h.lastFrame, (f) => f.includes('kubectl -n shop get pods'));
    press(h.stdin, 'c');
    await waitForFrame(h.lastFrame, (f) => f.includes('copied: kubectl -n shop get pods -l app=checkout'));
    expect(h.emitted).toHaveLength(1);
    expect(h.emitted[0]).toMatch(/^\u001b\]52;c;[A-Za-z0-9+/=]+\u0007$/);
    expect(decodeOsc52(h.emitted[0]!)).toBe('kubectl -n shop get pods -l app=checkout');
    // The second step's pod is not known for every alert: copied, with a warning to fill it in.
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => !f.includes('esc back'));
    press(h.stdin, 'j', 'R');
    await waitForFrame(h.lastFrame, (f) => line(f, 'Runbook').includes('web-2:9090 · 0/6 done · esc back'));
    press(h.stdin, 'j', 'c');
    await waitForFrame(h.lastFrame, (f) => f.includes('copied: kubectl logs ⟨$labels.pod?⟩ --since=15m') && f.includes('(fill in $labels.pod first)'));
    expect(decodeOsc52(h.emitted[1]!)).toBe('kubectl logs ⟨$labels.pod?⟩ --since=15m | grep -i error | tail -50');
    // The third step has no code block and no command span: nothing is copied, and it says why.
    press(h.stdin, 'j', 'c');
    await waitForFrame(h.lastFrame, (f) => f.includes('step 3 has no command to copy'));
    expect(h.emitted).toHaveLength(2);
  });

  it('inside tmux the copy goes out in the passthrough form too', async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const h = mount({ alerts, runbooks: cache, size: WIDE, env: { TMUX: '/tmp/tmux-1000/default,123,0' } });
    press(h.stdin, 'j', 'R');
    await waitForFrame(h.lastFrame, (f) => f.includes('kubectl -n shop get pods'));
    press(h.stdin, 'j', 'c');
    await waitForFrame(h.lastFrame, (f) => f.includes('copied: kubectl logs checkout-7d9f'));
    const seq = h.emitted[0]!;
    expect(seq.startsWith('\u001bPtmux;\u001b\u001b]52;c;')).toBe(true);
    expect(decodeOsc52(seq)).toBe('kubectl logs checkout-7d9f --since=15m | grep -i error | tail -50');
  });

  it('a slow runbook shows it is loading while j/k still move the alerts; a failing one says where it looked', async () => {
    const failed: RunbookResult = {
      status: 'failed',
      message: 'https://wiki.example.com/disk: timed out after 5s',
      link: 'https://wiki.example.com/disk',
      looked: [
        { kind: 'annotation', location: 'https://wiki.example.com/disk', outcome: 'failed', message: 'timed out after 5s' },
        { kind: 'folder', location: '/srv/runbooks/DiskFull.md', outcome: 'not_found', message: 'no such file' },
      ],
    };
    const f = finders({ DiskFull: failed });
    const h = mount({ alerts, runbooks: f.cache, size: WIDE });
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('loading the runbook from https://runbooks.example.com/'));
    // The load has not answered; the alerts pane still moves.
    press(h.stdin, 'G');
    let frame = await waitForFrame(h.lastFrame, (fr) => line(fr, 'db-1:9100').startsWith('▶'));
    frame = await waitForFrame(h.lastFrame, (fr) => fr.includes('timed out after 5s'));
    expect(frame).toContain('looked in:');
    expect(frame).toContain('failed (timed out after 5s): url https://wiki.example.com/disk');
    expect(frame).toContain('not found (no such file): file /srv/runbooks/DiskFull.md');
    // The slow one lands later and shows when selected again.
    f.release('HighErrorRate', ok(HIGH_ERROR_RATE));
    press(h.stdin, 'g', 'j');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('kubectl -n shop get pods'));
  });

  it('ctrl-r fetches the runbook again; done marks stay', async () => {
    let version = 1;
    const f = finders({ HighErrorRate: () => ok(`# HighErrorRate\n\n## Steps\n\n1. Version ${version}\n   \`\`\`\n   echo v${version}\n   \`\`\`\n`) });
    const h = mount({ alerts, runbooks: f.cache, size: WIDE });
    press(h.stdin, 'j', 'R');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('· Version 1'));
    press(h.stdin, 'space');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('✓ Version 1'));
    version = 2;
    press(h.stdin, 'ctrl-r');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('✓ Version 2'));
    expect(f.calls).toEqual(['HighErrorRate', 'HighErrorRate']);
    expect(h.refreshed.count).toBe(1);
  });

  it('a long command is never wrapped: it is cut with a marker and scrolls sideways with l and h', async () => {
    const tail = 'END-OF-COMMAND';
    const long = `curl -s http://{{ $labels.instance }}/metrics | grep -E '${'x'.repeat(120)}' ${tail}`;
    const { cache } = finders({ HighErrorRate: ok(`# Long\n\n## Steps\n\n1. Look\n   \`\`\`\n   ${long}\n   \`\`\`\n`) });
    const h = mount({ alerts, runbooks: cache, size: { columns: 100, rows: 30 } });
    press(h.stdin, 'j', 'R');
    let frame = await waitForFrame(h.lastFrame, (fr) => fr.includes('curl -s http://web-1:9090/metrics'));
    expect(line(frame, 'curl -s').endsWith('»')).toBe(true);
    expect(frame).not.toContain(tail);
    for (const r of frame.split('\n')) expect([...r].length).toBeLessThanOrEqual(100);
    for (let i = 0; i < 12; i++) press(h.stdin, 'l');
    frame = await waitForFrame(h.lastFrame, (fr) => fr.includes(tail));
    expect(line(frame, tail)).toContain('«');
    for (let i = 0; i < 20; i++) press(h.stdin, 'h');
    await waitForFrame(h.lastFrame, (fr) => fr.includes('curl -s http://web-1'));
  });

  it('o shows the runbook link in the status line (an OSC 8 link when hyperlinks are on)', async () => {
    const { cache } = finders({ HighErrorRate: ok(HIGH_ERROR_RATE) });
    const plain = mount({ alerts, runbooks: cache, size: WIDE });
    press(plain.stdin, 'j', 'R');
    await waitForFrame(plain.lastFrame, (f) => f.includes('kubectl -n shop'));
    press(plain.stdin, 'o');
    await waitForFrame(plain.lastFrame, (f) => f.includes(`runbook: ${URL_HER}`));
    cleanup();
    const linked = mount({ alerts, runbooks: cache, size: WIDE, hyperlinks: true });
    press(linked.stdin, 'j', 'R', 'o');
    await waitFor(() => (linked.lastFrame() ?? '').includes(`\u001b]8;;${URL_HER}\u0007`), 3000, 'an OSC 8 link in the status line');
  });

  it("an incident's runbook comes through the alert named in its title, else its service", async () => {
    const f = finders({
      HighErrorRate: ok(HIGH_ERROR_RATE),
      'service:search': ok('# Search\n\n## Steps\n\n1. Restart search\n   ```\n   systemctl restart search\n   ```\n', '/srv/runbooks/search.md'),
    });
    const incidents = [
      incident('P1', { number: 101, title: '[FIRING:1] HighErrorRate checkout' }),
      incident('P2', { number: 102, title: 'Search is slow', service: { id: 'S2', name: 'search' } }),
    ];
    const h = mount({ alerts, incidents, runbooks: f.cache, size: WIDE });
    press(h.stdin, 'tab');
    let frame = await waitForFrame(h.lastFrame, (fr) => line(fr, 'Runbook').includes('#101 → HighErrorRate'));
    expect(frame).toMatch(/kubectl -n shop get pods -l app=checkout/);
    press(h.stdin, 'j');
    frame = await waitForFrame(h.lastFrame, (fr) => fr.includes('systemctl restart search'));
    expect(line(frame, 'Runbook')).toContain('#102 · search');
  });
});
