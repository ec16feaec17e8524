import type { IncidentNote } from './types.js';

/** Newest first: the latest word on an incident is what the next responder needs. */
export const newestFirst = (notes: IncidentNote[]): IncidentNote[] => [...notes].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
