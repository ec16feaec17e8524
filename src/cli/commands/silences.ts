import type { Argv } from 'yargs';
import { parseMatchers } from '../../domain/matchers.js';
import { silenceMatchCounts } from '../../domain/preview.js';
import type { Silence } from '../../domain/types.js';
import { alertmanagerFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { compactMatchersText, matchersText, relative } from '../format.js';
import { printJson, printTable, type Column } from '../output.js';
import { warnDeadPeers } from './peers.js';

interface SilencesOptions {
  matchers: string[];
  expired?: boolean;
}

/** Active before pending before expired; within each, the one ending soonest first. */
export function sortSilences(silences: Silence[]): Silence[] {
  const rank = { active: 0, pending: 1, expired: 2 } as const;
  return [...silences].sort((a, b) => rank[a.state] - rank[b.state] || a.endsAt.getTime() - b.endsAt.getTime());
}

/** `alice` for `alice@example.com`: the table's room goes to the matchers and the comment. */
const shortAuthor = (by: string) => by.replace(/@.*$/, '');

/**
 * The table gives 80 columns to what people read, the matchers and the comment: the 8-character id
 * the CLI takes as a prefix, no state column (ENDS says "starts in …" for a pending one), times to the
 * minute, matchers as short as amtool's syntax allows, the author's short name after the comment, and
 * "none" for a silence that matches nothing (explained under the table). `-o wide` keeps every field whole.
 */
export function silenceTable(silences: Silence[], counts: Map<string, number>, now: Date, wide: boolean): { rows: Record<string, string>[]; columns: Column[] } {
  const rows = silences.map((s) => ({
    id: wide ? s.id : s.id.slice(0, 8),
    state: s.state,
    starts: s.startsAt.toISOString().slice(0, 16).replace('T', ' '),
    ends: s.state === 'pending' ? `starts ${relative(s.startsAt, now, wide)}` : relative(s.endsAt, now, wide),
    alerts: counts.get(s.id) ? String(counts.get(s.id)) : s.state === 'expired' ? '-' : 'none',
    matchers: wide ? matchersText(s.matchers) : compactMatchersText(s.matchers),
    by: s.createdBy,
    // The author after the comment, so a cut loses the author first.
    comment: wide ? s.comment : `${s.comment} (${shortAuthor(s.createdBy)})`,
  }));
  if (wide) {
    const keys = ['id', 'state', 'starts', 'ends', 'alerts', 'by', 'matchers', 'comment'];
    return { rows, columns: keys.map((key) => ({ key, header: key === 'starts' ? 'starts (UTC)' : key === 'by' ? 'created by' : key })) };
  }
  return {
    rows,
    columns: [
      { key: 'id', header: 'id', max: 8 },
      { key: 'ends', header: 'ends', max: 12 },
      { key: 'alerts', header: 'alerts', max: 6 },
      { key: 'matchers', header: 'matchers' },
      { key: 'comment', header: 'comment (by)' },
    ],
  };
}

export const silencesCommand: OncallCommand<SilencesOptions> = {
  command: 'silences [matchers..]',
  describe: 'list active and pending silences, expiring soonest first, with how many firing alerts each matches (-o wide: whole ids and every field)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('matchers', { type: 'string', array: true, default: [], describe: 'only silences with exactly these matchers (Alertmanager compares matchers, not labels)' })
      .option('expired', { type: 'boolean', describe: 'include expired silences' }) as Argv<CliArgs & SilencesOptions>,
  handler: async (args) => {
    const matchers = parseMatchers(args.matchers ?? []);
    const ctx = await loadContext(args, args.io.env, { need: ['alertmanager'] });
    const am = alertmanagerFor(ctx);
    const [all, alerts] = await Promise.all([am.silences(matchers), am.alerts({ active: true, silenced: true, inhibited: true })]);
    warnDeadPeers(am, args.io);
    const silences = sortSilences(all.filter((s) => args.expired || s.state !== 'expired'));
    const counts = silenceMatchCounts(silences, alerts);
    if (args.output === 'json') {
      return printJson(silences.map((s) => ({ ...s, matchingAlerts: counts.get(s.id) ?? 0 })), args.io.stdout);
    }
    const table = silenceTable(silences, counts, new Date(), args.output === 'wide');
    // Wide is for reading everything (or for scripts that want columns): never cut to the terminal.
    printTable(table.rows, table.columns, args.io.stdout, args.output === 'wide' ? Infinity : undefined);
    const idle = table.rows.filter((r) => r.alerts === 'none').length;
    if (idle && args.output !== 'wide') args.io.stderr.write(`${idle} silence${idle === 1 ? ' matches' : 's match'} no firing alert (ALERTS none): a typo, or planned maintenance not begun?\n`);
  },
};
