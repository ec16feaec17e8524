import type { Argv } from 'yargs';
import { parseDuration, parseTime } from '../../domain/duration.js';
import { usageError } from '../../domain/errors.js';
import { formatMatcher, parseMatchers } from '../../domain/matchers.js';
import { createSilence } from '../../actions/index.js';
import { previewSilence, type SilencePreview } from '../../domain/preview.js';
import { validateSilenceDraft } from '../../domain/silenceDraft.js';
import type { SilenceDraft } from '../../domain/types.js';
import { toPostableSilence } from '../../sources/alertmanager/mappers.js';
import { actionDepsFor, alertmanagerFor } from '../clients.js';
import { settleLeftovers } from '../leftovers.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { describeRequest } from '../dryrun.js';
import { relative } from '../format.js';
import type { Io } from '../io.js';
import { printJson } from '../output.js';
import { assertWritable } from '../readonly.js';

interface AddOptions {
  matchers: string[];
  duration?: string;
  end?: string;
  start?: string;
  comment?: string;
  author?: string;
}

/** Works out start and end from --start, --duration (default 1h) and --end; nothing is sent on bad input. */
export function silenceWindow(opts: { start?: string; end?: string; duration?: string }, now: Date): { startsAt: Date; endsAt: Date } {
  if (opts.end && opts.duration) throw usageError('give either --duration or --end, not both', 'e.g. --duration 2h, or --end 18:00');
  const startsAt = opts.start ? parseTime(opts.start, now) : now;
  const endsAt = opts.end ? parseTime(opts.end, now) : new Date(startsAt.getTime() + parseDuration(opts.duration ?? '1h'));
  return { startsAt, endsAt };
}

function printPreview(preview: SilencePreview, io: Io): void {
  io.stderr.write(`this silence matches ${preview.total} firing alert${preview.total === 1 ? '' : 's'} now\n`);
  for (const { matcher, matches } of preview.perMatcher) io.stderr.write(`  ${formatMatcher(matcher).padEnd(40)} ${matches}\n`);
  for (const a of preview.sample) io.stderr.write(`  · ${a.labels.alertname ?? '?'} ${matchersTextOf(a.labels)}\n`);
  // A cut list says so: five shown of twelve must not read as the whole of it.
  if (preview.total > preview.sample.length) io.stderr.write(`  … and ${preview.total - preview.sample.length} more\n`);
}

function matchersTextOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export const silenceAdd: OncallCommand<AddOptions> = {
  command: 'add <matchers..>',
  describe: 'create a silence (shows how many firing alerts it matches first)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('matchers', { type: 'string', array: true, demandOption: true, describe: 'amtool syntax: alertname=DiskFull instance=~"db-.*"' })
      .option('duration', { alias: 'd', type: 'string', requiresArg: true, describe: 'how long (default 1h): 15m, 4h, 2d' })
      .option('end', { type: 'string', requiresArg: true, describe: 'end time instead of --duration: 18:00, +3h, RFC3339' })
      .option('start', { type: 'string', requiresArg: true, describe: 'start later, for planned maintenance: 22:00, +1h, RFC3339' })
      .option('comment', { alias: 'm', type: 'string', requiresArg: true, describe: 'why (required)' })
      .option('author', { alias: 'a', type: 'string', requiresArg: true, describe: 'created by (default: config author, else $USER)' })
      .example('$0 silence add alertname=DiskFull instance=db-1 -d 2h -m "disk swap, TICKET-42"', '')
      .example('$0 silence add service=api --start 22:00 --end 23:30 -m "planned maintenance"', '') as Argv<CliArgs & AddOptions>,
  handler: async (args) => {
    const { io } = args;
    const now = new Date();
    const matchers = parseMatchers(args.matchers ?? []);
    const { startsAt, endsAt } = silenceWindow(args, now);
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    assertWritable(ctx, 'silence add');
    const draft: SilenceDraft = { matchers, startsAt, endsAt, createdBy: args.author ?? ctx.author, comment: args.comment ?? '' };
    validateSilenceDraft(draft, now, { maxMs: ctx.maxSilenceMs });

    const am = alertmanagerFor(ctx);
    const [alerts, existing] = await Promise.all([am.alerts({ active: true, silenced: true, inhibited: true }), am.silences()]);
    const preview = previewSilence(matchers, alerts);
    if (args.output !== 'json') printPreview(preview, io);

    if (args.dryRun) {
      describeRequest({ method: 'POST', url: `${ctx.alertmanagers[0]!.baseURL}/api/v2/silences`, headers: { 'Content-Type': 'application/json' }, body: toPostableSilence(draft) }, io.stdout);
      return;
    }
    // A retried command (a lost answer, a script run twice) must not stack a second identical silence:
    // the action reuses one that already covers this, and reads back after a lost answer.
    const deps = actionDepsFor(ctx);
    await settleLeftovers(deps, { am }, io);
    const r = await createSilence(deps, am, draft, existing);
    if (r.twin) {
      io.stderr.write(`an identical silence already covers this (ends ${relative(r.twin.endsAt, now)}); not creating another — extend it with \`oncall silence extend ${r.id}\`\n`);
      if (args.output === 'json') printJson({ id: r.id, created: false, preview: { total: preview.total } }, io.stdout);
      else io.stdout.write(`${r.id}\n`);
      return;
    }
    if (r.reconciled) io.stderr.write(`silence ${r.id} ${r.message}\n`);
    if (args.output === 'json') {
      printJson({ id: r.id, created: true, ...(r.reconciled ? { reconciled: true } : {}), matchers, startsAt, endsAt, createdBy: draft.createdBy, comment: draft.comment, preview: { total: preview.total } }, io.stdout);
    } else {
      io.stdout.write(`${r.id}\n`);
    }
  },
};
