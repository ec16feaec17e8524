import type { Argv } from 'yargs';
import type { OnCall } from '../../domain/types.js';
import { pagerdutyFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { relative } from '../format.js';
import { nextOnCalls } from '../../domain/schedules.js';
import { printJson, printTable } from '../output.js';

/** By escalation policy, then level: who gets paged first is on top. */
export function sortOnCalls(list: OnCall[]): OnCall[] {
  return [...list].sort((a, b) => a.escalationPolicy.name.localeCompare(b.escalationPolicy.name) || a.level - b.level);
}

/** How far ahead `who --next` looks (PagerDuty allows 90 days). */
const NEXT_WINDOW_MS = 30 * 24 * 3_600_000;

export const whoCommand: OncallCommand<{ next?: boolean }> = {
  command: 'who',
  describe: 'who is on call now, per escalation policy and level (--next: who comes on next, and when)',
  builder: (y: Argv<CliArgs>) => y.option('next', { type: 'boolean', describe: 'who comes on next and when, over the next 30 days' }) as Argv<CliArgs & { next?: boolean }>,
  handler: async (args) => {
    const ctx = await loadContext(args, args.io.env, { need: ['pagerduty'] });
    const pd = await pagerdutyFor(ctx);
    const now = new Date();
    const list = args.next
      ? nextOnCalls(await pd.oncalls({ earliest: true, since: now, until: new Date(now.getTime() + NEXT_WINDOW_MS) }), now)
      : sortOnCalls(await pd.oncalls({ earliest: true }));
    if (args.output === 'json') return printJson(list, args.io.stdout);
    printTable(
      list.map((o) => ({
        policy: o.escalationPolicy.name,
        level: String(o.level),
        user: o.user.name,
        email: o.user.email ?? '',
        schedule: o.schedule?.name ?? '(direct)',
        ...(args.next ? { from: o.start ? relative(o.start, now) : '' } : {}),
        until: o.end ? relative(o.end, now) : 'always',
      })),
      [
        { key: 'policy', header: 'escalation policy' },
        { key: 'level', header: 'lvl', max: 3 },
        { key: 'user', header: 'user', max: 24 },
        { key: 'email', header: 'email', max: 32 },
        { key: 'schedule', header: 'schedule' },
        ...(args.next ? [{ key: 'from' as const, header: 'from', max: 12 }] : []),
        { key: 'until', header: 'until', max: 12 },
      ],
      args.io.stdout,
    );
    if (list.length === 0) args.io.stderr.write(args.next ? 'no change of hands in the next 30 days\n' : 'nobody is on call (no on-call entries)\n');
  },
};
