import type { Argv } from 'yargs';
import { parseMatchers } from '../../domain/matchers.js';
import { silenceMatchCounts } from '../../domain/preview.js';
import type { Silence } from '../../domain/types.js';
import { alertmanagerFor } from '../clients.js';
import type { CliArgs, OncallCommand } from '../command.js';
import { loadContext } from '../context.js';
import { matchersText, relative } from '../format.js';
import { printJson, printTable } from '../output.js';
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

export const silencesCommand: OncallCommand<SilencesOptions> = {
  command: 'silences [matchers..]',
  describe: 'list active and pending silences, expiring soonest first, with how many firing alerts each matches',
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
    const now = new Date();
    printTable(
      silences.map((s) => ({
        id: s.id,
        state: s.state,
        ends: s.state === 'pending' ? `starts ${relative(s.startsAt, now)}` : relative(s.endsAt, now),
        matches: counts.get(s.id) ? String(counts.get(s.id)) : s.state === 'expired' ? '-' : '0 (matches nothing)',
        matchers: matchersText(s.matchers),
        by: s.createdBy,
        comment: s.comment,
      })),
      [
        { key: 'id', header: 'id', max: 36 },
        { key: 'state', header: 'state', max: 8 },
        { key: 'ends', header: 'ends', max: 16 },
        { key: 'matches', header: 'matches', max: 20 },
        { key: 'matchers', header: 'matchers' },
        { key: 'by', header: 'created by', max: 16 },
        { key: 'comment', header: 'comment' },
      ],
      args.io.stdout,
    );
  },
};
