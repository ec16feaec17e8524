import type { Argv } from 'yargs';
import { parseDuration } from '../../domain/duration.js';
import { parseMatchers } from '../../domain/matchers.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { SilentExit } from '../command.js';
import { loadContext } from '../context.js';
import { printJson, printTable } from '../output.js';
import { buildTimeline } from '../timeline.js';

interface TimelineOptions {
  matchers: string[];
  since: string;
  service?: string;
  incident?: string;
}

const clock = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export const timelineCommand: OncallCommand<TimelineOptions> = {
  command: 'timeline [matchers..]',
  describe: 'what happened: alerts fired and resolved, silences, and the PagerDuty log of their incidents, in order',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('matchers', { type: 'string', array: true, default: [], describe: 'only alerts matching these (amtool syntax)' })
      .option('since', { type: 'string', default: '1h', requiresArg: true, describe: 'how far back, e.g. 2h' })
      .option('service', { type: 'string', requiresArg: true, describe: 'only this service (same as service=NAME)' })
      .option('incident', { type: 'string', requiresArg: true, describe: 'one incident (P… id or number): its log and its alert group' })
      .example('$0 timeline --since 2h --service checkout', 'the last two hours of one service')
      .example('$0 timeline --incident 42 -o json', 'one incident, as JSON') as Argv<CliArgs & TimelineOptions>,
  handler: async (args) => {
    const span = parseDuration(args.since);
    const matchers = parseMatchers([...(args.matchers ?? []), ...(args.service ? [`service=${JSON.stringify(args.service)}`] : [])]);
    const ctx = await loadContext(args, args.io.env);
    const end = new Date();
    const incident = args.incident?.replace(/^#/, '');
    const result = await buildTimeline(ctx, { start: new Date(end.getTime() - span), end, matchers, ...(incident ? { incident } : {}) }, end);
    for (const f of [...result.failures, ...result.warnings]) args.io.stderr.write(`timeline: ${f}\n`);
    if (args.output === 'json') printJson(result.events.map((e) => ({ at: e.at, source: e.source, kind: e.kind, subject: e.subject, text: e.text })), args.io.stdout);
    else {
      printTable(
        result.events.map((e) => ({ at: clock(e.at), source: e.source, kind: e.kind.replace(/_/g, ' '), subject: e.subject, text: e.text })),
        [
          { key: 'at', header: 'at (UTC)', max: 19 },
          { key: 'source', header: 'source', max: 12 },
          { key: 'kind', header: 'what', max: 22 },
          { key: 'subject', header: 'subject', max: 48 },
          { key: 'text', header: 'details' },
        ],
        args.io.stdout,
      );
      if (result.events.length === 0) args.io.stderr.write('nothing happened in the window\n');
    }
    if (result.failures.length) throw new SilentExit(1);
  },
};
