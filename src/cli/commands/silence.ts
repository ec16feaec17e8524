import type { Argv } from 'yargs';
import { parseDuration } from '../../domain/duration.js';
import { extendedEnd } from '../../domain/silences.js';
import { usageError } from '../../domain/errors.js';
import { expireSilence, extendSilence } from '../../actions/index.js';
import { actionDepsFor, alertmanagerFor } from '../clients.js';
import { settleLeftovers } from '../leftovers.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { confirm } from '../confirm.js';
import { loadContext } from '../context.js';
import { describeRequest } from '../dryrun.js';
import { relative } from '../format.js';
import { printJson } from '../output.js';
import { assertWritable } from '../readonly.js';
import { silenceAdd } from './silence-add.js';

const SILENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkSilenceIds(ids: string[]): string[] {
  const unique = [...new Set(ids.map((i) => i.trim()))];
  const bad = unique.filter((i) => !SILENCE_ID.test(i));
  if (bad.length) throw usageError(`not a silence id: ${bad.join(', ')}`, 'silence ids are UUIDs like 0c1b8a1e-…; `oncall silences` lists them');
  return unique;
}

const expire: OncallCommand<{ ids: string[] }> = {
  command: 'expire <ids..>',
  describe: 'expire silences now (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) => y.positional('ids', { type: 'string', array: true, demandOption: true }) as Argv<CliArgs & { ids: string[] }>,
  handler: async (args) => {
    const { io } = args;
    const ids = checkSilenceIds(args.ids);
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    assertWritable(ctx, 'silence expire');
    if (args.dryRun) {
      for (const id of ids) describeRequest({ method: 'DELETE', url: `${ctx.alertmanagers[0]!.baseURL}/api/v2/silence/${id}` }, io.stdout);
      return;
    }
    if (!(await confirm(`Expire ${ids.length === 1 ? `silence ${ids[0]}` : `${ids.length} silences`}?`, { yes: args.yes, io }))) {
      io.stderr.write('nothing expired\n');
      return;
    }
    const am = alertmanagerFor(ctx);
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

const extend: OncallCommand<{ id: string; by: string }> = {
  command: 'extend <id>',
  describe: 'push a silence\'s end further out (keeps its id when Alertmanager allows)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', { type: 'string', demandOption: true }).option('by', { type: 'string', requiresArg: true, default: '1h', describe: 'how much longer: 30m, 2h, 1d' }) as Argv<CliArgs & { id: string; by: string }>,
  handler: async (args) => {
    const { io } = args;
    const [id] = checkSilenceIds([args.id]) as [string];
    const by = parseDuration(args.by);
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    assertWritable(ctx, 'silence extend');
    const am = alertmanagerFor(ctx);
    if (args.dryRun) {
      const s = await am.silence(id);
      io.stdout.write(`# would move the end of ${id} from ${s.endsAt.toISOString()} to ${extendedEnd(s, by, new Date()).toISOString()}\n`);
      return;
    }
    const deps = actionDepsFor(ctx);
    await settleLeftovers(deps, { am }, io);
    const r = await extendSilence(deps, am, { id, byMs: by });
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
