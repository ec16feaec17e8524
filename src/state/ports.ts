import type { IncidentClient, IncidentFlowClient, ScheduleClient, SilenceClient } from '../actions/ports.js';
import type { Alert, Incident, OnCall } from '../domain/types.js';
import type { HeldAlerts } from '../sources/alertmanager/held.js';
import type { EscalationPolicy } from '../domain/response.js';
import type { RoutingTree } from '../domain/routing.js';
import type { SloSnapshot } from '../domain/slo/types.js';
import type { SloHistory } from '../domain/slo/history.js';
import type { Handover } from '../domain/handover.js';
import type { IncidentReport } from '../domain/report.js';

/** How one HA peer answered, as much as the header shows; the cluster's richer record fits it. */
export interface PeerHealth {
  name: string;
  ok: boolean;
}

/**
 * The slice of each source client the dashboard uses. Declared here (not imported from sources/) so
 * state depends only on what it calls; the real AlertmanagerApi / PagerDutyApi satisfy these shapes.
 */

/** The pollers' reads, plus what the actions need for the writes. */
export interface AlertSource extends SilenceClient {
  /**
   * `beforeDecode`: awaited once the answer has come and before it is parsed (the dashboard: until keys
   * pause). `held`: the alerts sent from the last answer; one that shows nothing new comes back as itself.
   */
  alerts(filter?: undefined, opts?: { beforeDecode?: () => Promise<void>; held?: HeldAlerts }): Promise<Alert[]>;
  lastPeerHealth?(): PeerHealth[];
}

/** The workflow writes (escalate, snooze, take…) are optional: a source without them says so when pressed. */
export interface IncidentSource extends IncidentClient, Partial<Omit<IncidentFlowClient, keyof IncidentClient> & ScheduleClient> {
  incidents(): Promise<Incident[]>;
  oncalls(): Promise<OnCall[]>;
  /** When a triggered incident escalates next, and to whom; without it the details say it is unknown. */
  escalationPolicy?(id: string): Promise<EscalationPolicy>;
}

/** Reads Alertmanager's routing tree (from its status); the composition root parses the YAML. */
export type LoadRoutes = () => Promise<RoutingTree>;

/**
 * Every SLO's report and the rules discovery skipped. `onStatus`, when given, gets the reports once
 * without their trend, as soon as the figures are in and before the slow range queries behind the
 * sparklines have answered.
 */
export interface SloSource {
  load(onStatus?: (snapshot: SloSnapshot) => void): Promise<SloSnapshot>;
  /** One SLO's breaches and bad stretches over the last `rangeMs` (`oncall slo --history`), for its details. */
  history?(id: string, rangeMs: number): Promise<SloHistory>;
}

/**
 * `:report` and `:handover`: the reads behind `oncall report` and `oncall handover`, over the last
 * `spanMs`. Either is absent where the context lacks what it needs (no PagerDuty: no report).
 */
export interface ReportLoaders {
  report?(spanMs: number): Promise<IncidentReport>;
  handover?(shiftMs: number): Promise<Handover>;
}
