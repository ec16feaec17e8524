import type { Argv } from 'yargs';
import { actingUser, pagerChoices, takePager, type PagerChoice } from '../../actions/index.js';
import { parseDuration, parseTime } from '../../domain/duration.js';
import { OncallError, usageError } from '../../domain/errors.js';
import { findSchedule } from '../../domain/schedules.js';
import type { CliArgs, OncallCommand } from '../command.js';
import type { Io } from '../io.js';
import { printJson } from '../output.js';
import { pdWrite } from '../pdwrite.js';
import { createPrompter } from '../prompt.js';

/** `--until 8h` (from now) or a time: `18:00`, `now+8h`, an ISO time. */
export function untilOption(text: string, now: Date): Date {
  try {
    return new Date(now.getTime() + parseDuration(text));
  } catch {
    return parseTime(text, now);
  }
}

const describeChoice = (c: PagerChoice) => `${c.schedule.name}${c.holder ? ` (${c.holder.user.name} until ${c.holder.end.toISOString()})` : ' (nobody on call)'}`;

/** The one schedule: named with --schedule, the only candidate, or the user's pick when there are several. */
async function choose(choices: PagerChoice[], wanted: string | undefined, io: Io): Promise<PagerChoice> {
  if (wanted) {
    const found = findSchedule(choices.map((c) => c.schedule), wanted);
    if (Array.isArray(found)) throw usageError(`--schedule ${wanted} matches several: ${found.map((s) => s.name).join(', ')}`, 'give the whole name or the id');
    const choice = choices.find((c) => c.schedule.id === found?.id);
    if (!choice) throw usageError(`--schedule ${wanted} is not one of yours where someone else is on call now`, `yours: ${choices.map((c) => c.schedule.name).join(', ') || 'none'}`);
    return choice;
  }
  if (choices.length === 1) return choices[0]!;
  if (!io.stdin.isTTY) throw usageError(`you are on ${choices.length} schedules where someone else is on call: say which with --schedule`, choices.map(describeChoice).join('; '));
  const prompter = createPrompter(io);
  try {
    choices.forEach((c, i) => io.stderr.write(`  ${i + 1}) ${describeChoice(c)}\n`));
    const answer = (await prompter.ask(`Which schedule? [1-${choices.length}] `))?.trim() ?? '';
    const picked = choices[Number(answer) - 1];
    if (!picked) throw usageError(`no schedule ${answer || '(none given)'}`, 'run again and give a number from the list, or --schedule');
    return picked;
  } finally {
    prompter.close();
  }
}

export const takeCommand: OncallCommand<{ schedule?: string; until?: string }> = {
  command: 'take',
  describe: 'take the pager: a schedule override for you, until the end of the current shift (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y
      .option('schedule', { type: 'string', requiresArg: true, describe: 'schedule name or id (asked when you are on several)' })
      .option('until', { type: 'string', requiresArg: true, describe: 'a duration (8h) or a time (18:00, ISO); default: the end of the current shift' }) as Argv<CliArgs & { schedule?: string; until?: string }>,
  handler: async (args) => {
    const { io } = args;
    const until = args.until !== undefined ? untilOption(args.until, new Date()) : undefined;
    const w = await pdWrite(args, 'take', []);
    const me = await actingUser(w.deps, w.pd);
    const choices = await pagerChoices(w.deps, w.pd, me);
    if (choices.length === 0) {
      throw new OncallError('usage', `${me.name} is on no schedule where someone else is on call now`, { hint: '`oncall who` shows who holds each schedule' });
    }
    const choice = await choose(choices, args.schedule, io);
    const end = until ?? choice.holder?.end;
    if (args.dryRun) {
      return w.dryRun('POST', `/schedules/${choice.schedule.id}/overrides`, { overrides: [{ start: '(now)', end: end?.toISOString() ?? '(give --until)', user: { id: me.id, type: 'user_reference' } }] });
    }
    const from = choice.holder ? ` from ${choice.holder.user.name}` : '';
    if (!(await w.ask(`Take the pager on ${choice.schedule.name}${from} until ${end?.toISOString() ?? '?'}?`))) return;
    const r = await takePager(w.deps, w.pd, me, choice, until);
    if (args.output === 'json') {
      return printJson({ schedule: r.schedule.id, name: r.schedule.name, user: me.email, start: r.start, end: r.end, override: r.override?.id || null, sent: r.sent, ...(r.reconciled ? { reconciled: true } : {}) }, io.stdout);
    }
    io.stdout.write(`${me.name}: ${r.message}\n`);
  },
};
