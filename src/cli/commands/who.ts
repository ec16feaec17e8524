import type { Argv } from 'yargs';
import type { OnCall } from '../../domain/types.js';
import { pagerdutyFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { relative } from '../format.js';
import { printJson, printTable } from '../output.js';

/** By escalation policy, then level: who gets paged first is on top. */
export function sortOnCalls(list: OnCall[]): OnCall[] {
  return [...list].sort((a, b) => a.escalationPolicy.name.localeCompare(b.escalationPolicy.name) || a.level - b.level);
}

export const whoCommand: OncallCommand = {
  command: 'who',
  describe: 'who is on call now, per escalation policy and level',
  builder: (y: Argv<CliArgs>) => y,
  handler: async (args) => {
    const ctx = await loadContext(args, args.io.env, { need: ['pagerduty'] });
    const pd = await pagerdutyFor(ctx);
    const list = sortOnCalls(await pd.oncalls({ earliest: true }));
    if (args.output === 'json') return printJson(list, args.io.stdout);
    const now = new Date();
    printTable(
      list.map((o) => ({
        policy: o.escalationPolicy.name,
        level: String(o.level),
        user: o.user.name,
        email: o.user.email ?? '',
        schedule: o.schedule?.name ?? '(direct)',
        until: o.end ? relative(o.end, now) : 'always',
      })),
      [
        { key: 'policy', header: 'escalation policy' },
        { key: 'level', header: 'lvl', max: 3 },
        { key: 'user', header: 'user', max: 24 },
        { key: 'email', header: 'email', max: 32 },
        { key: 'schedule', header: 'schedule' },
        { key: 'until', header: 'until', max: 12 },
      ],
      args.io.stdout,
    );
    if (list.length === 0) args.io.stderr.write('nobody is on call (no on-call entries)\n');
  },
};
