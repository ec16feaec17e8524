import { DEFAULT_MAX_SILENCE_MS } from '../domain/silenceDraft.js';
import type { Override, Priority, Schedule } from '../domain/schedules.js';
import type { Incident, IncidentLogEntry, IncidentNote, Silence, SilenceDraft, User } from '../domain/types.js';
import type { AuditLog } from './audit.js';

/**
 * What the actions need of each client: the writes, and the reads that check a write before it is
 * repeated or after its answer was lost. The real AlertmanagerApi / PagerDutyApi satisfy these.
 */
export interface SilenceClient {
  silences(): Promise<Silence[]>;
  createSilence(draft: SilenceDraft): Promise<string>;
  /** Returns the id that came back: a new one when Alertmanager could not update in place. */
  updateSilence(draft: SilenceDraft & { id: string }): Promise<string>;
  expireSilence(id: string): Promise<void>;
}

export interface IncidentClient {
  incident(id: string): Promise<Incident>;
  acknowledge(ids: string[]): Promise<Incident[]>;
  resolve(ids: string[]): Promise<Incident[]>;
  addNote(id: string, content: string): Promise<IncidentNote | unknown>;
  notes(id: string): Promise<IncidentNote[]>;
}

/** The incident workflow's writes, and the reads that check them (the log shows an escalation or a snooze). */
export interface IncidentFlowClient {
  incident(id: string): Promise<Incident>;
  logEntries(id: string, since?: Date): Promise<IncidentLogEntry[]>;
  escalate(id: string, level: number): Promise<Incident>;
  reassign(id: string, userIds: string[]): Promise<Incident>;
  setPriority(id: string, priorityId: string): Promise<Incident>;
  snooze(id: string, seconds: number): Promise<Incident>;
  merge(targetId: string, sourceIds: string[]): Promise<void>;
  priorities(): Promise<Priority[]>;
  users(query: string): Promise<User[]>;
}

export interface ScheduleClient {
  users(query: string): Promise<User[]>;
  schedules(query?: string): Promise<Schedule[]>;
  schedule(id: string, since: Date, until: Date): Promise<Schedule>;
  addOverride(scheduleId: string, o: { userId: string; start: Date; end: Date }): Promise<Override>;
}

/** Who writes, where the lines go, and the clock. */
export interface ActionDeps {
  audit?: AuditLog;
  context: { name: string; author: string; pdFrom?: string };
  now: () => Date;
  /** The program started this write on its own (a poller), not a key or a command. */
  automatic?: boolean;
  /** The context's `max_silence`; DEFAULT_MAX_SILENCE_MS when absent. */
  maxSilenceMs?: number;
}

export const silenceLimits = (deps: ActionDeps): { maxMs: number } => ({ maxMs: deps.maxSilenceMs ?? DEFAULT_MAX_SILENCE_MS });

/** The PagerDuty From email, else the author: who a PagerDuty write is done as. */
export const pdUser = (deps: ActionDeps): string => deps.context.pdFrom ?? deps.context.author;
