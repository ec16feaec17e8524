import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import type { CliArgs, OncallCommand } from '../command.js';
import { writeNewConfig } from '../config/store.js';
import { openDashboard, preloadUi, type DashboardFlags } from '../dashboard.js';
import type { DemoStack } from '../../demo/stack.js';

interface DemoOptions {
  headless?: boolean;
  ascii?: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

let threadScript: URL | undefined;

/**
 * What the demo stack's worker thread runs. The bundles set it to themselves (src/bundle.ts: the
 * entry runs the stack when it starts as that thread); the compiled module tree has dist/demo/worker.js.
 */
export function setDemoThreadScript(script: URL): void {
  threadScript = script;
}

/** In its own thread when there is a script to run (always, once built); in-process from TypeScript sources. */
async function startStack(): Promise<DemoStack> {
  const compiled = new URL('../../demo/worker.js', import.meta.url);
  const script = threadScript ?? (existsSync(fileURLToPath(compiled)) ? compiled : undefined);
  if (script) {
    const { startDemoStackInThread } = await import('../../demo/thread.js');
    return startDemoStackInThread(script);
  }
  const { startDemoStack } = await import('../../demo/stack.js');
  return startDemoStack();
}

/** Waits for Ctrl-C, SIGTERM or SIGHUP (a dropped SSH session). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const s of SIGNALS) process.off(s, done);
      resolve();
    };
    for (const s of SIGNALS) process.once(s, done);
  });
}

export const demoCommand: OncallCommand<DemoOptions> = {
  command: 'demo',
  describe: 'open the dashboard on a built-in demo stack (Prometheus, Alertmanager and PagerDuty, in-process)',
  builder: (y: Argv<CliArgs>) =>
    y
      .option('headless', { type: 'boolean', describe: 'keep the stack running without the dashboard and print how to point headless commands at it' })
      .option('ascii', { type: 'boolean', describe: 'dashboard without box drawing' }) as Argv<CliArgs & DemoOptions>,
  handler: async (args) => {
    const { io } = args;
    // Ink and the screens compile on this thread while the stack starts on another (without a
    // terminal, openDashboard says so; nothing to preload for that).
    if (!args.headless && io.stdin.isTTY && io.stdout.isTTY) preloadUi();
    // Loaded only for this command: the demo world is not part of any other command's start-up.
    const stack = await startStack();
    const configDir = await mkdtemp(join(tmpdir(), 'oncall-demo-'));
    // A dropped SSH session or tmux sends more than one hang-up; once the dashboard has restored the
    // terminal and let go of its handlers, the next one would kill the process before the demo's
    // temporary files are removed. Holding the signals until cleanup is done prevents that.
    const hold = () => {};
    for (const s of SIGNALS) process.on(s, hold);
    // And if the process ends hard anyway (a hung-up terminal makes Ink's last write throw), the
    // config folder goes with it.
    const removeOnExit = () => rmSync(configDir, { recursive: true, force: true });
    process.once('exit', removeOnExit);
    try {
      // A real config file, so the demo goes through the same loading and validation as production.
      await writeNewConfig(configDir, { current_context: 'demo', contexts: { demo: stack.contextConfig } });
      if (args.headless) {
        io.stdout.write(
          [
            'oncall demo stack is running (Ctrl-C stops it):',
            `  prometheus    ${stack.prometheusUrl}`,
            `  alertmanager  ${stack.alertmanagerUrl}`,
            `  pagerduty     ${stack.pagerdutyUrl}  (demo token, From ${stack.pagerdutyFrom})`,
            '',
            'In another shell:',
            `  export ONCALL_CONFIG_DIR=${configDir}`,
            '  oncall status; oncall alerts; oncall incidents; oncall who; oncall slo',
            '',
          ].join('\n'),
        );
        await untilSignal();
        return;
      }
      await openDashboard({ ...(args as DashboardFlags), configDir, context: 'demo' });
    } finally {
      await stack.stop();
      await rm(configDir, { recursive: true, force: true });
      for (const s of SIGNALS) process.off(s, hold);
      process.off('exit', removeOnExit);
    }
  },
};
