import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { decodeOsc52, osc52 } from '../../src/domain/runbook/terminal.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';
import { startRunbookServer, type RunbookServer } from '../sources/runbook/server.js';

/** `oncall runbook` in-process against a real Alertmanager 0.25 and a local runbook server. */
let am: AmServer;
let srv: RunbookServer;
let configDir: string;
let env: NodeJS.ProcessEnv;

async function oncall(args: string[], opts: { tty?: boolean } = {}) {
  const io = captureIo(env, { columns: 100, tty: opts.tty });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  [am, srv] = await Promise.all([startAlertmanager(), startRunbookServer()]);
  configDir = await mkdtemp(join(tmpdir(), 'oncall-runbook-cfg-'));
  const folder = join(configDir, 'runbooks');
  await mkdir(join(folder, 'diskfull'), { recursive: true });
  await writeFile(join(folder, 'diskfull', 'README.md'), '# Disk full\n\n## Steps\n\n1. Find what grew on {{ $labels.instance }}:\n   ```\n   du -xh / | sort -h | tail\n   ```\n');
  await writeFile(join(configDir, 'config.json'), JSON.stringify({ current_context: 'test', contexts: { test: { runbooks: ['~/runbooks'] } } }));
  env = { PATH: process.env.PATH, HOME: configDir, USER: 'tester', ONCALL_CONFIG_DIR: configDir, ALERTMANAGER_URL: am.url };
  const rb = (path: string) => ({ runbook_url: `${srv.url}${path}` });
  await postAlerts(am.url, [
    {
      labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout', namespace: 'shop', instance: 'web-1' },
      annotations: { ...rb('/HighErrorRate.md'), value: '0.07' },
      generatorURL: 'http://prom.example:9090/graph?g0.expr=up',
    },
    { labels: { alertname: 'HighErrorRate', severity: 'warning', service: 'checkout', namespace: 'shop', instance: 'web-2', pod: 'web-2-abc' }, annotations: rb('/HighErrorRate.md') },
    { labels: { alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'shop', pod: 'checkout-worker-7d9f' }, annotations: rb('/acme/runbooks/-/blob/main/KubePodCrashLooping.md') },
    { labels: { alertname: 'WikiOnly', severity: 'info' }, annotations: rb('/wiki/HighErrorRate') },
    { labels: { alertname: 'Gone', severity: 'info' }, annotations: rb('/Gone.md') },
    { labels: { alertname: 'SlowOne', severity: 'info' }, annotations: rb('/slow.md') },
  ]);
  await waitFor(async () => ((await (await fetch(`${am.url}/api/v2/alerts`)).json()) as unknown[]).length === 6, 'alerts to be stored');
});

afterAll(async () => {
  await am?.stop();
  await srv?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('oncall runbook', () => {
  it('prints the runbook of the most severe alert, filled with its values', async () => {
    const { code, out, err } = await oncall(['runbook', 'HighErrorRate']);
    expect(code).toBe(0);
    expect(out).toContain(`Runbook for HighErrorRate (instance=web-1, service=checkout, severity=critical) from runbook_url ${srv.url}/HighErrorRate.md`);
    expect(out).toContain('kubectl -n shop get pods -l app=checkout');
    expect(out).toContain('Error ratio is 0.07');
    expect(out).toContain('http://prom.example:9090/graph?g0.expr=job%3Acheckout');
    // web-1 has no pod label: the placeholder stays visible and is called out.
    expect(out).toContain('kubectl logs ⟨$labels.pod?⟩ --since=15m');
    expect(out).toContain('not filled (the alert has no value for): $labels.pod');
    expect(err).toContain('1 more HighErrorRate alert is firing (instance=web-2');
  });

  it('-o json gives the filled steps of the alert picked by matchers', async () => {
    const { code, out } = await oncall(['runbook', 'HighErrorRate', 'instance=web-2', '-o', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({ status: 'ok', filled: true, otherAlerts: 0, foundAt: { kind: 'url' }, alert: { labels: { instance: 'web-2' } } });
    expect(doc.missing).toEqual(['$value', '$externalURL']);
    expect(doc.steps[1]).toEqual({
      id: 'investigation-steps#2',
      section: 'Investigation Steps',
      index: 2,
      text: 'Read the last errors from the instance `web-2`:',
      command: 'kubectl logs web-2-abc --since=15m | grep -i error | tail -50',
    });
    expect(doc.runbook.sections[2].steps[0].code[0].body).toBe('kubectl rollout undo deployment/checkout -n shop');
  });

  it('finds an alert by fingerprint and fetches a GitLab blob link as raw', async () => {
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=alertname%3D%22KubePodCrashLooping%22`)).json()) as Array<{ fingerprint: string }>;
    const { code, out } = await oncall(['runbook', alerts[0]!.fingerprint, '-o', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.runbook.title).toBe('Pod crash looping');
    expect(doc.looked[0].message).toContain('/-/raw/main/KubePodCrashLooping.md');
    expect(doc.steps[0].command).toBe("kubectl describe pod checkout-worker-7d9f -n shop | sed -n '/Events/,$p'");
    expect(doc.link).toBe(`${srv.url}/acme/runbooks/-/blob/main/KubePodCrashLooping.md`);
  });

  it('with no such alert firing, prints a local runbook unfilled and says so', async () => {
    const { code, out, err } = await oncall(['runbook', 'DiskFull']);
    expect(code).toBe(0);
    expect(out).toContain(`from ${join(configDir, 'runbooks', 'diskfull', 'README.md')}`);
    expect(out).toContain('Find what grew on {{ $labels.instance }}:');
    expect(out).toContain('du -xh / | sort -h | tail');
    expect(err).toContain('no DiskFull alert is firing: the runbook is shown with its placeholders unfilled');
    const ascii = await oncall(['runbook', 'DiskFull', '--ascii']);
    expect(ascii.out).toMatch(/^Disk full\n=+\n/m);
    expect(ascii.out).not.toMatch(/[─═•]/);
  });

  it('shows an HTML runbook as a link only, as an OSC 8 hyperlink on a terminal', async () => {
    const plain = await oncall(['runbook', 'WikiOnly']);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain(`Runbook for WikiOnly (severity=info): ${srv.url}/wiki/HighErrorRate`);
    expect(plain.out).toContain('an HTML page: shown as a link');
    const tty = await oncall(['runbook', 'WikiOnly'], { tty: true });
    expect(tty.out).toContain(`\u001b]8;;${srv.url}/wiki/HighErrorRate\u001b\\`);
    const off = await oncall(['runbook', 'WikiOnly', '--no-hyperlinks'], { tty: true });
    expect(off.out).not.toContain('\u001b');
  });

  it('fails with every place it looked when the runbook_url answers 404 and no folder has it', async () => {
    const { code, out, err } = await oncall(['runbook', 'Gone']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`url     ${srv.url}/Gone.md: not found (HTTP 404: no page there)`);
    expect(err).toContain(`folder  ${join(configDir, 'runbooks')}: not found (no Gone.md or Gone/README.md)`);
    expect(err).toMatch(/error: no runbook for Gone: no runbook \(looked in 2 places\)\n {2}hint: add a runbook_url annotation/);
    const json = await oncall(['runbook', 'Gone', '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ status: 'not_found', steps: [], runbook: null });
  });

  it('gives up on a runbook server that never answers, in bounded time', async () => {
    const started = Date.now();
    const { code, err } = await oncall(['runbook', 'SlowOne']);
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(code).toBe(1);
    expect(err).toContain('no answer within 5s');
  });

  it('an unknown fingerprint is an error that says how to list them', async () => {
    const { code, err } = await oncall(['runbook', '0123456789abcdef']);
    expect(code).toBe(1);
    expect(err).toContain('no firing alert has fingerprint 0123456789abcdef');
  });

  it('a copied step decodes back to the filled command (the OSC 52 the pane writes)', async () => {
    const doc = JSON.parse((await oncall(['runbook', 'HighErrorRate', 'instance=web-2', '-o', 'json'])).out);
    expect(decodeOsc52(osc52(doc.steps[0].command, { tmux: true }))).toBe('kubectl -n shop get pods -l app=checkout');
  });
});
