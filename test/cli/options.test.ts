import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from './helpers/io.js';

/** A stand-in Alertmanager that answers every read with an empty list and counts what it was asked. */
async function emptyAlertmanager(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let a: Awaited<ReturnType<typeof emptyAlertmanager>>;
let b: Awaited<ReturnType<typeof emptyAlertmanager>>;
beforeAll(async () => {
  [a, b] = await Promise.all([emptyAlertmanager(), emptyAlertmanager()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function oncall(argv: string[]) {
  const io = captureIo({ PATH: process.env.PATH, USER: 'opts', ONCALL_CONFIG_DIR: '/nonexistent/oncall-options-test', ALERTMANAGER_URL: a.url, PAGERDUTY_API_TOKEN: 'x', PAGERDUTY_URL: a.url });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const UUID = '0c1b8a1e-1111-4222-8333-444455556666';
const NEGATIVE = (v: string) => new RegExp(`^error: duration "${v}" is negative$`);
const NOT_A_DURATION = (v: string) => new RegExp(`^error: "${v}" is not a duration$`);
const NOT_A_TIME = (v: string) => new RegExp(`^error: "${v}" is not a time$`);
const NOT_A_LEVEL = (v: string) => new RegExp(`^error: escalation level "${v}" is not a level$`);

/** Every option of every command that takes a duration, a time or a number: what a negative and a garbage value say. */
const VALUE_OPTIONS: Array<[string[], string, (v: string) => RegExp, (v: string) => RegExp]> = [
  [['slo'], '--history', NEGATIVE, NOT_A_DURATION],
  [['timeline'], '--since', NEGATIVE, NOT_A_DURATION],
  [['handover'], '--since', NEGATIVE, NOT_A_DURATION],
  [['report'], '--since', NEGATIVE, NOT_A_DURATION],
  [['alerts'], '--resolved-within', NEGATIVE, NOT_A_DURATION],
  [['ack', 'alertname=X'], '--for', NEGATIVE, NOT_A_DURATION],
  [['incident', 'snooze', '5'], '--for', NEGATIVE, NOT_A_DURATION],
  [['silence', 'extend', UUID], '--by', NEGATIVE, NOT_A_DURATION],
  [['silence', 'extend', UUID], '--until', NOT_A_TIME, NOT_A_TIME],
  [['silence', 'add', 'alertname=X', '-m', 'c'], '-d', NEGATIVE, NOT_A_DURATION],
  [['silence', 'add', 'alertname=X', '-m', 'c'], '--start', NOT_A_TIME, NOT_A_TIME],
  [['silence', 'add', 'alertname=X', '-m', 'c'], '--end', NOT_A_TIME, NOT_A_TIME],
  [['take'], '--until', NOT_A_TIME, NOT_A_TIME],
  [['incident', 'escalate', '5'], '--level', NOT_A_LEVEL, NOT_A_LEVEL],
];

function valueOptions(): Array<[string[], RegExp]> {
  return VALUE_OPTIONS.flatMap(([command, option, negative, garbage]) => [
    [[...command, option, '-30d'], negative('-30d')],
    [[...command, `${option}=-5m`], negative('-5m')],
    [[...command, option, 'garbage'], garbage('garbage')],
  ]);
}

describe('command line', () => {
  it('a repeatable option takes one value each time: the word after it is the command', async () => {
    a.hits.length = 0;
    b.hits.length = 0;
    // --no-incidents: the stand-in is no PagerDuty to join with.
    const one = await oncall(['--alertmanager-url', b.url, 'alerts', '--no-incidents']);
    expect(one.code, one.err).toBe(0);
    expect(b.hits.some((h) => h.startsWith('GET /api/v2/alerts'))).toBe(true);
    expect(a.hits).toEqual([]); // the flag overrides ALERTMANAGER_URL
    b.hits.length = 0;
    const two = await oncall(['--alertmanager-url', a.url, '--alertmanager-url', b.url, 'alerts', '--no-incidents', '-o', 'json']);
    expect(two.code, two.err).toBe(0);
    expect(JSON.parse(two.out)).toEqual([]);
    expect(a.hits.length).toBeGreaterThan(0);
    expect(b.hits.length).toBeGreaterThan(0);
  });

  const bad: Array<[string[], RegExp]> = [
    [['silence', 'add', 'alertname=X', '-m', 'c', '-d', '-5m'], /^error: duration "-5m" is negative$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '-d=-5m'], /^error: duration "-5m" is negative$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '--duration', '-5m'], /^error: duration "-5m" is negative$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '--duration=-5m'], /^error: duration "-5m" is negative$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '-d', '5x'], /^error: "5x" is not a duration$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '-d'], /^error: Not enough arguments following: d$/],
    [['silence', 'add', 'alertname=X', '-m', 'c', '--end', '-5m'], /^error: "-5m" is not a time$/],
    [['silence', 'extend', UUID, '--by', '-1h'], /^error: duration "-1h" is negative$/],
    [['silence', 'extend', UUID, '--by=-1h'], /^error: duration "-1h" is negative$/],
    [['silence', 'extend', UUID, '--by', '5x'], /^error: "5x" is not a duration$/],
    [['silence', 'extend', UUID, '--by'], /^error: Not enough arguments following: by$/],
    [['incidents', '--limit', '-5'], /^error: --limit takes a whole number above 0$/],
    [['incidents', '--limit', 'ten'], /^error: --limit takes a whole number above 0$/],
    [['incidents', '--limit'], /^error: Not enough arguments following: limit$/],
    ...valueOptions(),
    [['-o', '-5m', 'alerts'], /^error: --output "-5m" is not one of table, wide, json, md$/],
    [['alerts', '-o', 'garbage'], /^error: --output "garbage" is not one of table, wide, json, md$/],
    [['incidents', '--status', '-5m'], /^error: --status -5m is not one of triggered, acknowledged, resolved$/],
    [['incidents', '--urgency', '-1'], /^error: --urgency -1 is not one of high, low$/],
  ];
  it.each(bad)('%j: one line that says what is wrong, exit 2, nothing sent', async (argv, line) => {
    a.hits.length = 0;
    const r = await oncall(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const [first, ...rest] = r.err.trimEnd().split('\n');
    expect(first).toMatch(line);
    expect(rest.every((l) => l.startsWith('  hint: '))).toBe(true);
    expect(rest.length).toBeLessThanOrEqual(1);
    expect(a.hits).toEqual([]);
  });

  it('a repeatable URL option takes "-5m" as its value and says it is not a URL, as --prometheus-url does', async () => {
    for (const flag of ['--alertmanager-url', '--prometheus-url']) {
      const r = await oncall(['alerts', flag, '-5m']);
      expect(r.err.split('\n')[0]).toBe(`error: ${flag}: "-5m" is not a URL (use a full URL such as http://localhost:9090)`);
      expect(r.code).toBe(1); // a wrong setting, as the same URL in the config file
    }
  });
});
