import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { openConfigStore } from '../../../src/cli/config/store.js';
import { run } from '../../../src/cli/main.js';
import { startDemoStack } from '../../../src/demo/stack.js';
import { captureIo } from '../../cli/helpers/io.js';

/**
 * What `oncall slo -o json` and `oncall slo --explain` show on the demo: the stack started at `started`
 * with `seed`, the commands run `hoursIn` hours later, on a clock only this helper moves.
 */
export interface Scenario {
  started: string;
  seed: number;
  /** May be fractional: a command run between two scrapes. */
  hoursIn: number;
}

export interface Screen {
  json: unknown[];
  explain: string;
}

export async function sloScreen(s: Scenario): Promise<Screen> {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(s.started) });
  const stack = await startDemoStack({ seed: s.seed, tickMs: 3600_000 });
  const dir = await mkdtemp(join(tmpdir(), 'oncall-demo-screen-'));
  try {
    await openConfigStore(dir).write({ current_context: 'demo', contexts: { demo: stack.contextConfig } });
    vi.setSystemTime(new Date(Date.parse(s.started) + s.hoursIn * 3600_000));
    const oncall = async (argv: string[]): Promise<string> => {
      const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'demo', ONCALL_CONFIG_DIR: dir }, { columns: 160 });
      const code = await run(argv, io);
      if (code !== 0 && code !== 3) throw new Error(`oncall ${argv.join(' ')} exited ${code}: ${io.err()}`);
      return io.out();
    };
    const json = JSON.parse(await oncall(['slo', '-o', 'json'])) as unknown[];
    const explain = await oncall(['slo', '--explain']);
    return { json, explain };
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
    vi.useRealTimers();
  }
}
