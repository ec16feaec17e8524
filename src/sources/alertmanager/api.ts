import type { OncallError } from '../../domain/errors.js';
import type { Alert, AlertGroup, Matcher, Silence, SilenceDraft } from '../../domain/types.js';
import type { HeldAlerts } from './held.js';

/** Which alerts to ask for. Omitted booleans mean Alertmanager's default (true: include them). */
export interface AlertFilter {
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  matchers?: Matcher[];
  receiver?: string;
}

export interface AmStatus {
  version: string;
  uptime?: Date;
  /** "ready", "settling" or "disabled" (no clustering) */
  clusterStatus?: string;
  peers: number;
  configYaml?: string;
}

export interface PeerHealth {
  name: string;
  url: string;
  ok: boolean;
  error?: OncallError;
  latencyMs?: number;
}

export interface ExtendResult {
  id: string;
  endsAt: Date;
  /** true when Alertmanager expired the old silence and made a new one (the id changed) */
  replaced: boolean;
}

/**
 * `beforeDecode`: awaited between an answer's arrival and its parsing. Parsing and decoding 10,000
 * alerts takes 70-250 ms of the one thread; the dashboard has it wait while keys come.
 */
export interface DecodeOptions {
  beforeDecode?: () => Promise<void>;
  /** The alerts the caller holds from the last answer: one that shows nothing new comes back as the held object (held.ts). */
  held?: HeldAlerts;
}

export interface AlertmanagerApi {
  alerts(filter?: AlertFilter, opts?: DecodeOptions): Promise<Alert[]>;
  alertGroups(filter?: AlertFilter): Promise<AlertGroup[]>;
  silences(matchers?: Matcher[]): Promise<Silence[]>;
  silence(id: string): Promise<Silence>;
  /** Returns the new silence's id. */
  createSilence(draft: SilenceDraft): Promise<string>;
  /** Returns the id that came back, which is a new one when Alertmanager could not update in place. */
  updateSilence(draft: SilenceDraft & { id: string }): Promise<string>;
  extendSilence(id: string, by: number): Promise<ExtendResult>;
  expireSilence(id: string): Promise<void>;
  status(): Promise<AmStatus>;
}
