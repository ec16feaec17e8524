import { usageError } from '../domain/errors.js';
import type { IncidentNote } from '../domain/types.js';
import { digestOf } from './audit.js';
import { pdUser, type ActionDeps, type IncidentClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

/** A note repeated within this long of an identical newest note is taken for a retry. */
export const NOTE_REPEAT_MS = 5 * 60_000;

export interface NoteAdded {
  incidentId: string;
  note?: IncidentNote;
  /** false: the newest note already said this (a retry); nothing was sent. */
  added: boolean;
  reconciled: boolean;
  message: string;
}

/**
 * The newest note, if it says `content` and was written in the last few minutes. PagerDuty tells the
 * note's author by user reference, not by the From email, so "the same user" is not checked: two
 * people writing the same words on one incident within minutes is a retry in all but name.
 */
function recentTwin(notes: IncidentNote[], content: string, now: Date): IncidentNote | undefined {
  const newest = [...notes].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!newest || newest.content.trim() !== content) return undefined;
  return now.getTime() - newest.createdAt.getTime() <= NOTE_REPEAT_MS ? newest : undefined;
}

/** Adds a note, once: a note that would repeat the newest one of the last few minutes is not sent. */
export async function addIncidentNote(deps: ActionDeps, pd: IncidentClient, incidentId: string, text: string): Promise<NoteAdded> {
  const content = text.trim();
  if (content === '') throw usageError('the note is empty', 'e.g. oncall incident note PT4KHLK "rolled back deploy 1234"');
  const twin = recentTwin(await pd.notes(incidentId), content, deps.now());
  if (twin) {
    const who = twin.user?.name ? ` by ${twin.user.name}` : '';
    return { incidentId, note: twin, added: false, reconciled: false, message: `the newest note${who} already says this (${twin.createdAt.toISOString()}); not added again` };
  }
  const { value, reconciled } = await runWrite<IncidentNote | undefined>(deps, {
    action: 'incident.note',
    target: incidentId,
    user: pdUser(deps),
    extra: { digest: digestOf(content) },
    send: async () => asNote(await pd.addNote(incidentId, content)),
    readBack: async () => recentTwin(await pd.notes(incidentId), content, deps.now()),
    ids: (n) => (n ? [n.id] : []),
    what: `add a note to ${incidentId}`,
    check: `it may have been added: running the same command again is safe (a note already there is not added twice)`,
  });
  return { incidentId, ...(value ? { note: value } : {}), added: true, reconciled, message: reconciled ? `note added (${LOST_NOTE})` : 'note added' };
}

function asNote(n: unknown): IncidentNote | undefined {
  return n && typeof n === 'object' && typeof (n as IncidentNote).id === 'string' ? (n as IncidentNote) : undefined;
}
