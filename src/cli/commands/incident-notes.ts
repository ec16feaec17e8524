import type { Argv } from 'yargs';
import { newestFirst } from '../../domain/notes.js';
import { pagerdutyFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { printJson, printTable } from '../output.js';
import { checkIncidentRefs, incidentIds } from '../targets.js';

const clock = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** `oncall incident notes 5`: an incident's notes, which `incident note` and the dashboard's `n` add. */
export const notesCommand: OncallCommand<{ id: string }> = {
  command: 'notes <id>',
  describe: "read an incident's notes, newest first, with author and time",
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', { type: 'string', demandOption: true, describe: 'incident number (5, #5) or id (PT4KHLK)' }) as Argv<CliArgs & { id: string }>,
  handler: async (args) => {
    const { io } = args;
    const refs = checkIncidentRefs([args.id]);
    const ctx = await loadContext(args, io.env, { need: ['pagerduty'] });
    const pd = await pagerdutyFor(ctx);
    const [id] = (await incidentIds(refs, pd)) as [string];
    const notes = newestFirst(await pd.notes(id));
    if (args.output === 'json') return printJson(notes, io.stdout);
    printTable(
      notes.map((n) => ({ at: clock(n.createdAt), by: n.user?.name ?? '-', note: n.content })),
      [
        { key: 'at', header: 'at (UTC)', max: 16 },
        { key: 'by', header: 'by', max: 20 },
        { key: 'note', header: 'note' },
      ],
      io.stdout,
    );
    if (notes.length === 0) io.stderr.write(`${id} has no notes\n`);
  },
};
