/** Domain types shared by every layer. Dates are Date objects; wire formats live in sources/. */

export type Labels = Record<string, string>;

/** One Alertmanager matcher, as amtool and the v2 API understand it. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false for != and !~ */
  isEqual: boolean;
}

export type AlertState = 'active' | 'suppressed' | 'unprocessed';

export interface Alert {
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  startsAt: Date;
  /**
   * endsAt and updatedAt: as Alertmanager gave them in a headless command. In the dashboard, as of the
   * last poll that changed anything else of the alert: Alertmanager moves them at every evaluation,
   * and an alert that differs only in them keeps its object (src/state/keepUnchanged.ts).
   */
  endsAt?: Date;
  updatedAt?: Date;
  generatorURL?: string;
  state: AlertState;
  silencedBy: string[];
  inhibitedBy: string[];
  receivers: string[];
  /** In a dashboard over several contexts: the context it came from (set by the dashboard's store). */
  context?: string;
}

export interface AlertGroup {
  labels: Labels;
  receiver: string;
  alerts: Alert[];
}

export type SilenceState = 'active' | 'pending' | 'expired';

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: Date;
  endsAt: Date;
  updatedAt?: Date;
  createdBy: string;
  comment: string;
  state: SilenceState;
  /** In a dashboard over several contexts: the context it came from (set by the dashboard's store). */
  context?: string;
}

/** What we send to create or update a silence. */
export interface SilenceDraft {
  id?: string;
  matchers: Matcher[];
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  comment: string;
}

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Urgency = 'high' | 'low';

export interface Ref {
  id: string;
  name: string;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  urgency: Urgency;
  priority?: string;
  service: Ref;
  assignees: Ref[];
  escalationPolicy?: Ref;
  createdAt: Date;
  updatedAt?: Date;
  htmlUrl?: string;
  incidentKey?: string;
  /** In a dashboard over several contexts: the context it came from (set by the dashboard's store). */
  context?: string;
  /**
   * Set when other contexts share its context's PagerDuty account (one poller serves them all): every
   * context it belongs to, its own first, so `@context=` finds it under any of them.
   */
  accountContexts?: string[];
  /**
   * When a snoozed (acknowledged) incident returns to triggered: PagerDuty's pending `unacknowledge`
   * action. An acknowledgement timeout on the service shows the same way, with the same effect.
   */
  snoozedUntil?: Date;
}

export interface IncidentNote {
  id: string;
  content: string;
  createdAt: Date;
  user?: Ref;
}

/** One line of an incident's PagerDuty log: trigger, acknowledge, annotate, escalate, resolve… */
export interface IncidentLogEntry {
  id: string;
  /** PagerDuty's type without the `_log_entry` suffix: trigger, acknowledge, resolve, escalate, annotate… */
  type: string;
  at: Date;
  summary: string;
  /** Who or what did it (a user's or a service's name). */
  agent?: string;
  note?: string;
}

export interface OnCall {
  user: Ref & { email?: string };
  escalationPolicy: Ref;
  schedule?: Ref;
  level: number;
  start?: Date;
  end?: Date;
  /** In a dashboard over several contexts: the context it came from (set by the dashboard's store). */
  context?: string;
}

export interface User extends Ref {
  email: string;
}

/** One Prometheus instant-vector sample. Values may be NaN or ±Infinity. */
export interface Sample {
  metric: Labels;
  value: number;
  /** seconds since the epoch, as Prometheus reports it */
  time: number;
}

/** One Prometheus range series: [seconds, value] pairs. */
export interface Series {
  metric: Labels;
  points: Array<[number, number]>;
}

export type RuleKind = 'recording' | 'alerting';

export interface Rule {
  kind: RuleKind;
  name: string;
  query: string;
  labels: Labels;
  annotations: Labels;
  group: string;
  file: string;
  health?: string;
  lastError?: string;
  /** Mimir with several tenants (`t1|t2`): the tenant whose ruler listed it. */
  tenant?: string;
}
