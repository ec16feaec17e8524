import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfigStore } from '../../src/cli/config/store.js';
import { run } from '../../src/cli/main.js';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { EXIT_BREACH, EXIT_BREACH_AND_FAILURE, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeTable } from '../../src/domain/exit.js';
import { freePort } from '../helpers/net.js';
import { captureIo } from './helpers/io.js';

/**
 * Every read command's exit code against the demo stack (a breached SLO, critical alerts firing),
 * then with one of its sources unreachable: a source that could not be read always shows in the code.
 */
let stack: DemoStack;
let dir: string;
let dead: string;

beforeAll(async () => {
  stack = await startDemoStack();
  dir = await mkdtemp(join(tmpdir(), 'oncall-exit-'));
  await openConfigStore(dir).write({ current_context: 'demo', contexts: { demo: stack.contextConfig } });
  dead = `http://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function oncall(argv: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'exit', ONCALL_CONFIG_DIR: dir }, { columns: 120 });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('exit codes', () => {
  it('status: 3 for a breach, 4 when a source also failed (Prometheus or PagerDuty), 1 when only a source failed', async () => {
    expect((await oncall(['status'])).code).toBe(EXIT_BREACH);
    const noProm = await oncall(['status', '--prometheus-url', dead]);
    expect(noProm.code, noProm.out).toBe(EXIT_BREACH_AND_FAILURE);
    expect(noProm.out).toMatch(/prometheus\s+failing/);
    expect((await oncall(['status', '--pagerduty-url', dead])).code).toBe(EXIT_BREACH_AND_FAILURE);
    // Without Alertmanager and Prometheus nothing breached can be seen: only the failures count.
    const blind = await oncall(['status', '--prometheus-url', dead, '--alertmanager-url', dead]);
    expect(blind.code, blind.out).toBe(EXIT_FAILURE);
  });

  it('slo: 3 with a breached SLO, 1 with Prometheus down (each SLO "error"), also as JSON', async () => {
    expect((await oncall(['slo'])).code).toBe(EXIT_BREACH);
    const down = await oncall(['slo', '--prometheus-url', dead]);
    expect(down.code).toBe(EXIT_FAILURE);
    expect(down.err).toMatch(/^error: 6 of 6 SLOs could not be evaluated/m);
    expect((await oncall(['slo', '--prometheus-url', dead, '-o', 'json'])).code).toBe(EXIT_FAILURE);
    expect((await oncall(['slo', 'website'])).code).toBe(EXIT_OK);
  });

  it('the listing commands: 0 when read, 1 when their source could not be read, 2 for bad input', async () => {
    const cases: Array<[string[], string]> = [
      [['alerts'], '--alertmanager-url'],
      [['silences'], '--alertmanager-url'],
      [['incidents'], '--pagerduty-url'],
      [['who'], '--pagerduty-url'],
    ];
    for (const [argv, flag] of cases) {
      expect((await oncall(argv)).code, argv.join(' ')).toBe(EXIT_OK);
      const down = await oncall([...argv, flag, dead]);
      expect(down.code, `${argv.join(' ')} ${flag} dead`).toBe(EXIT_FAILURE);
      expect(down.err).toMatch(/^error: /);
    }
    // Printed, but the other source of the join could not be read: that shows too.
    const unjoined = await oncall(['alerts', '--pagerduty-url', dead]);
    expect(unjoined.err).toMatch(/^incidents not joined: /m);
    expect(unjoined.code).toBe(EXIT_FAILURE);
    expect((await oncall(['alerts', '--pagerduty-url', dead, '--no-incidents'])).code).toBe(EXIT_OK);
    expect((await oncall(['incidents', '--alertmanager-url', dead, '-o', 'json'])).code).toBe(EXIT_FAILURE);
    expect((await oncall(['config', 'validate'])).code).toBe(EXIT_OK);
    expect((await oncall(['config', 'validate', '--pagerduty-url', dead])).code).toBe(EXIT_FAILURE);
    expect((await oncall(['timeline', '--since', '-1h'])).code).toBe(EXIT_USAGE);
    expect((await oncall(['alerts', 'severity=~('])).code).toBe(EXIT_USAGE);
    expect((await oncall(['incidents', '--limit'])).code).toBe(EXIT_USAGE);
  });

  it('runbook: 0 when shown, 1 when there is none, and 1 when shown from a folder because Alertmanager could not be read', async () => {
    expect((await oncall(['runbook', 'ErrorBudgetBurn'])).code).toBe(EXIT_OK);
    expect((await oncall(['runbook', 'NoSuchAlert'])).code).toBe(EXIT_FAILURE);
    const fallback = await oncall(['runbook', 'ErrorBudgetBurn', '--alertmanager-url', dead]);
    expect(fallback.out).toContain('Runbook for ErrorBudgetBurn');
    expect(fallback.err).toMatch(/^warning: cannot ask Alertmanager/m);
    expect(fallback.code).toBe(EXIT_FAILURE);
  });

  it('--help prints the table, once, for every command and subcommand', async () => {
    for (const argv of [['--help'], ['status', '--help'], ['silence', '--help'], ['silence', 'add', '--help'], ['incident', 'ack', '--help'], ['config', 'validate', '--help']]) {
      const help = await oncall(argv);
      expect(help.code, argv.join(' ')).toBe(EXIT_OK);
      expect(help.out.split(exitCodeTable()).length, argv.join(' ')).toBe(2);
    }
  });
});
