import { format } from 'date-fns';
import type { Incident } from '../domain/types.js';
import type { DashboardState } from '../state/types.js';
import type { DetailLine } from './detail.js';
import { age } from './format.js';

/**
 * An incident's notes in its details, newest first with author and time. They are read when the
 * details open (enter); the pane beside the lists says so rather than show an empty list as a fact.
 */
export function noteLines(state: DashboardState, i: Incident): DetailLine[] {
  const n = state.notes?.incidentId === i.id ? state.notes : undefined;
  if (!n) return [{ text: 'notes: enter reads them', color: 'muted' }];
  if (n.loading) return [{ text: 'notes: reading PagerDuty…', color: 'muted' }];
  if (n.error) return [{ text: `notes not read: ${n.error}`, color: 'critical', wrap: true }];
  if (n.notes.length === 0) return [{ text: 'notes: none', color: 'muted' }];
  const out: DetailLine[] = [{ text: `notes (${n.notes.length}, newest first)`, color: 'accent' }];
  for (const note of n.notes) {
    out.push({ text: `  ${format(note.createdAt, 'MM-dd HH:mm')} ${age(note.createdAt, state.now)} ago  ${note.user?.name ?? 'someone'}`, color: 'muted' });
    for (const line of note.content.split('\n')) out.push({ text: `    ${line}`, wrap: true });
  }
  return out;
}
