import type { Alert, Incident, IncidentNote, OnCall, Silence, SilenceDraft } from '../domain/types.js';
import type { SloReport } from '../domain/slo/types.js';

/** How one HA peer answered, as much as the header shows; the cluster's richer record fits it. */
export interface PeerHealth {
  name: string;
  ok: boolean;
}

/**
 * The slice of each source client the dashboard uses. Declared here (not imported from sources/) so
 * state depends only on what it calls; the real AlertmanagerApi / PagerDutyApi satisfy these shapes.
 */

export interface AlertSource {
  alerts(): Promise<Alert[]>;
  silences(): Promise<Silence[]>;
  createSilence(draft: SilenceDraft): Promise<string>;
  extendSilence(id: string, byMs: number): Promise<{ id: string; endsAt: Date; replaced: boolean }>;
  expireSilence(id: string): Promise<void>;
  lastPeerHealth?(): PeerHealth[];
}

export interface IncidentSource {
  incidents(): Promise<Incident[]>;
  acknowledge(ids: string[]): Promise<Incident[]>;
  resolve(ids: string[]): Promise<Incident[]>;
  addNote(id: string, content: string): Promise<IncidentNote | unknown>;
  oncalls(): Promise<OnCall[]>;
}

/**
 * Loads every SLO's report. `onStatus`, when given, gets the reports once without their trend, as soon
 * as the figures are in and before the slow range queries behind the sparklines have answered.
 */
export type LoadSlos = (onStatus?: (reports: SloReport[]) => void) => Promise<SloReport[]>;
