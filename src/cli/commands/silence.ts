import type { Argv } from 'yargs';
import { parseDuration, parseTime } from '../../domain/duration.js';
import { extendedEnd } from '../../domain/silences.js';
import { usageError } from '../../domain/errors.js';
import { expireSilence, extendSilence } from '../../actions/index.js';
import { actionDepsFor, alertmanagerFor } from '../clients.js';
import { settleLeftovers } from '../leftovers.js';
import { checkSilenceRefs, silenceIds } from '../targets.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { confirm } from '../confirm.js';
import { loadContext } from '../context.js';
import { describeRequest } from '../dryrun.js';
import { relative } from '../format.js';
import { printJson } from '../output.js';
import { assertWritable } from '../readonly.js';
import { silenceAdd } from './silence-add.js';

const expire: OncallCommand<{ ids: string[] }> = {
  command: 'expire <ids..>',
  describe: 'expire silences now (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('ids', { type: 'string', array: true, demandOption: true, describe: 'silence ids, or their first 8+ characters (c8fc41e4)' }) as Argv<CliArgs & { ids: string[] }>,
  handler: async (args) => {
    const { io } = args;
    const refs = checkSilenceRefs(args.ids);
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    assertWritable(ctx, 'silence expire');
    const am = alertmanagerFor(ctx);
    const ids = await silenceIds(refs, am);
    if (args.dryRun) {
      for (const id of ids) describeRequest({ method: 'DELETE', url: `${ctx.alertmanagers[0]!.baseURL}/api/v2/silence/${id}` }, io.stdout);
      return;
    }
    // Names every target, as the dashboard's confirmation does.
    if (!(await confirm(`Expire ${ids.length === 1 ? 'silence' : 'silences'} ${ids.join(' ')}?`, { yes: args.yes, io }))) {
      io.stderr.write('nothing expired\n');
      return;
    }
    const deps = actionDepsFor(ctx);
    await settleLeftovers(deps, { am }, io);
    for (const id of ids) {
      const r = await expireSilence(deps, am, id);
      if (r.reconciled) io.stderr.write(`silence ${id} ${r.message}\n`);
      if (args.output !== 'json') io.stdout.write(`expired ${id}\n`);
    }
    if (args.output === 'json') printJson({ expired: ids }, io.stdout);
  },
};

const extend: OncallCommand<{ id: string; by?: string; until?: string }> = {
  command: 'extend <id>',
  describe: 'push a silence\'s end further out (keeps its id when Alertmanager allows); safe to repeat after a lost answer',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'silence id, or its first 8+ characters (c8fc41e4)' })
      .option('by', { type: 'string', requiresArg: true, describe: 'how much longer (default 1h): 30m, 2h, 1d' })
      .option('until', { type: 'string', requiresArg: true, describe: 'set the end outright instead: 18:00, +3h, RFC3339' }) as Argv<CliArgs & { id: string; by?: string; until?: string }>,
  handler: async (args) => {
    const { io } = args;
    const [ref] = checkSilenceRefs([args.id]) as [string];
    if (args.by !== undefined && args.until !== undefined) throw usageError('give either --by or --until, not both', 'e.g. --by 1h, or --until 18:00');
    const now = new Date();
    const until = args.until !== undefined ? parseTime(args.until, now) : undefined;
    const by = until ? undefined : parseDuration(args.by ?? '1h');
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    assertWritable(ctx, 'silence extend');
    const am = alertmanagerFor(ctx);
    const [id] = (await silenceIds([ref], am)) as [string];
    if (args.dryRun) {
      const s = await am.silence(id);
      io.stdout.write(`# would move the end of ${id} from ${s.endsAt.toISOString()} to ${(until ?? extendedEnd(s, by!, now)).toISOString()}\n`);
      return;
    }
    const deps = actionDepsFor(ctx);
    await settleLeftovers(deps, { am }, io);
    const r = await extendSilence(deps, am, until ? { id, until } : { id, byMs: by });
    const result = { id: r.id, endsAt: r.endsAt, replaced: r.replaced };
    if (args.output === 'json') return printJson({ previousId: id, ...result, ...(r.reconciled ? { reconciled: true } : {}) }, io.stdout);
    if (r.reconciled || !r.sent) io.stderr.write(`silence ${id} ${r.message}\n`);
    if (result.replaced) io.stderr.write(`Alertmanager replaced the silence: the new id is ${result.id} (the old one is expired)\n`);
    io.stdout.write(`${result.id} ends ${relative(result.endsAt, new Date())} (${result.endsAt.toISOString()})\n`);
  },
};

export const silenceCommand: OncallCommand = {
  command: 'silence <command>',
  describe: 'create, expire or extend Alertmanager silences',
  builder: (y: Argv<CliArgs>) => y.command([silenceAdd, expire, extend] as never).demandCommand(1, 'say which: add, expire or extend'),
  handler: () => {},
};
