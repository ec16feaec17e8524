import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openConfigStore } from '../../../src/cli/config/store.js';
import { run } from '../../../src/cli/main.js';
import { startDemoStack } from '../../../src/demo/stack.js';
import { captureIo } from '../../cli/helpers/io.js';

/**
 * The demo stack, started before the calling file's (or describe block's) tests and stopped after,
 * with a config whose current context is it: `oncall(args)` runs the CLI in-process against it.
 */
export function useDemoCli(opts: { user?: string; columns?: number } = {}) {
  let stop: (() => Promise<void>) | undefined;
  let dir = '';
  beforeAll(async () => {
    const stack = await startDemoStack();
    stop = () => stack.stop();
    dir = await mkdtemp(join(tmpdir(), 'oncall-demo-'));
    await openConfigStore(dir).write({ current_context: 'demo', contexts: { demo: stack.contextConfig } });
  });
  afterAll(async () => {
    await stop?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return async function oncall(args: string[], env: Record<string, string> = {}) {
    const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: opts.user ?? 'demo', ONCALL_CONFIG_DIR: dir, ...env }, { columns: opts.columns ?? 160 });
    const code = await run(args, io);
    return { code, out: io.out(), err: io.err() };
  };
}
