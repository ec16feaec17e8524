import { OncallError, usageError } from '../domain/errors.js';
import type { CliArgs } from './command.js';
import { loadContext, type ResolvedContext } from './context.js';

/** What src/ui/run.ts provides. Kept structural so the CLI compiles before the UI exists. */
interface DashboardModule {
  runDashboard(ctx: ResolvedContext, flags: CliArgs): Promise<number | void>;
}

// A variable specifier keeps TypeScript and bundlers from pulling ink into the headless commands.
const UI_MODULE = '../ui/run.js';

/** `oncall` with no command: load the context, then (only now) ink and the dashboard. */
export async function openDashboard(args: CliArgs): Promise<number> {
  const { io } = args;
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    throw usageError('the dashboard needs a terminal (stdin and stdout are not both a TTY)', 'use a headless command instead: `oncall --help` lists them');
  }
  const ctx = await loadContext(args, io.env);
  let mod: Partial<DashboardModule>;
  try {
    mod = (await import(UI_MODULE)) as Partial<DashboardModule>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('ui/run')) {
      throw new OncallError('config', 'the dashboard is not part of this build yet', { hint: 'use the headless commands: `oncall --help` lists them' });
    }
    throw err;
  }
  if (typeof mod.runDashboard !== 'function') {
    throw new OncallError('config', 'the dashboard module does not export runDashboard', { hint: 'this is a bug in this build of oncall' });
  }
  const code = await mod.runDashboard(ctx, args);
  return typeof code === 'number' ? code : 0;
}
