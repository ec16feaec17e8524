import type { Argv } from 'yargs';
import { parseDuration } from '../../domain/duration.js';
import { handoverMarkdown } from '../../domain/handover.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { gatherHandover } from '../handover.js';
import { printJson } from '../output.js';

interface HandoverOptions {
  since: string;
}

export const handoverCommand: OncallCommand<HandoverOptions> = {
  command: 'handover',
  describe: 'the shift report to paste into a channel: incidents with MTTA/MTTR, what is still open, silences ending next shift, SLOs at risk, what fires (Markdown; -o json)',
  builder: (y: Argv<CliArgs>) =>
    y.option('since', { type: 'string', default: '12h', requiresArg: true, describe: 'the shift: this long ago until now (the next shift is as long)' }) as Argv<CliArgs & HandoverOptions>,
  handler: async (args) => {
    const shift = parseDuration(args.since);
    const ctx = await loadContext(args, args.io.env);
    const h = await gatherHandover(ctx, shift);
    if (args.output === 'json') printJson(h, args.io.stdout);
    else args.io.stdout.write(handoverMarkdown(h));
    for (const f of h.failures) args.io.stderr.write(`handover: ${f}\n`);
    if (h.failures.length) throw new SilentExit(1);
  },
};
