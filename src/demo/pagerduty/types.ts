import type { IncidentStatus, Ref, Urgency } from '../../domain/types.js';

/** What a token may do. A token without userId is an account-level key: /users/me fails for it. */
export interface FakeToken {
  userId?: string;
  readOnly?: boolean;
}

export interface UserSeed {
  id?: string;
  name: string;
  email: string;
}

export interface ServiceSeed {
  id?: string;
  name: string;
  escalationPolicy?: Ref;
  /** The routing key of an Events API v2 integration on this service (`POST /v2/enqueue`). */
  integrationKey?: string;
}

export interface IncidentSeed {
  id?: string;
  title: string;
  status?: IncidentStatus;
  urgency?: Urgency;
  /** Service id or name; defaults to the first service. */
  service?: string;
  /** User ids or emails. */
  assignees?: string[];
  priority?: string;
  createdAt?: Date;
  /** When an acknowledged or resolved incident was first acknowledged (default: when it was created). */
  acknowledgedAt?: Date;
  /** When a resolved incident was resolved (default: when it was created). */
  resolvedAt?: Date;
  incidentKey?: string;
}

export interface OnCallSeed {
  /** User id or email. */
  user: string;
  escalationPolicy: Ref;
  schedule?: Ref;
  level?: number;
  start?: Date;
  end?: Date;
}

/** One rule of an escalation policy: who is notified, and how long before the next rule. */
export interface EscalationRuleSeed {
  delayMinutes: number;
  /** User ids or emails, or schedule ids (`schedule:PSCH…`). */
  targets: string[];
}

export interface EscalationPolicySeed {
  id: string;
  name: string;
  rules: EscalationRuleSeed[];
}

/** A schedule's members; its shifts are the on-call seeds that name it. */
export interface ScheduleSeed {
  id: string;
  name: string;
  /** User ids or emails. */
  users: string[];
}

export interface FakePdOptions {
  tokens: Record<string, FakeToken>;
  users?: UserSeed[];
  services?: ServiceSeed[];
  incidents?: IncidentSeed[];
  oncalls?: OnCallSeed[];
  escalationPolicies?: EscalationPolicySeed[];
  /** Schedules beyond those the on-call seeds name, or extra members for them. */
  schedules?: ScheduleSeed[];
  /** Priority names, highest first (default P1…P5). */
  priorities?: string[];
  /** The account has analytics (POST /analytics/raw/incidents answers); default false: 404. */
  analytics?: boolean;
  /**
   * Answer 406 unless Accept names `application/vnd.pagerduty+json;version=2` (default true). The real
   * API falls back to the token's version instead; the fake is stricter so a client that forgets the
   * versioning header is caught.
   */
  requireVersionedAccept?: boolean;
  /**
   * Answer `total: null` even when `total=true` is asked (default false). Lets a test force a client
   * onto the 400/2002 path instead of the early split that a total allows.
   */
  hideTotals?: boolean;
  /** Clock for default windows and timestamps (tests pin it). */
  now?: () => Date;
}

export interface FakeUser {
  id: string;
  name: string;
  email: string;
}

export interface FakeService {
  id: string;
  name: string;
  escalationPolicy: Ref;
}

export interface FakeNote {
  id: string;
  content: string;
  createdAt: Date;
  userId: string;
}

export interface FakeLogEntry {
  id: string;
  type:
    | 'trigger_log_entry'
    | 'acknowledge_log_entry'
    | 'annotate_log_entry'
    | 'resolve_log_entry'
    | 'escalate_log_entry'
    | 'snooze_log_entry'
    | 'assign_log_entry'
    | 'urgency_change_log_entry';
  createdAt: Date;
  /** The acting user; none for the system (an integration, an escalation timeout). */
  agentId?: string;
  channel: 'api' | 'auto' | 'web_trigger' | 'note';
  summary?: string;
  note?: string;
}

export interface FakeIncident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  urgency: Urgency;
  serviceId: string;
  assigneeIds: string[];
  priority?: string;
  createdAt: Date;
  updatedAt: Date;
  incidentKey: string;
  escalationPolicy: Ref;
  notes: FakeNote[];
  /** Oldest first; every change the fake makes is logged here. */
  log: FakeLogEntry[];
  lastChangedBy?: string;
  /** The escalation policy's level the incident is at (1-based). */
  escalationLevel: number;
  /** An acknowledged incident returns to triggered at this time. */
  snoozedUntil?: Date;
}

export interface FakeOnCall {
  userId: string;
  escalationPolicy: Ref;
  schedule?: Ref;
  level: number;
  start?: Date;
  end?: Date;
}

/** Everything the fake holds. Tests may read and change it directly. */
export interface FakeState {
  users: FakeUser[];
  services: FakeService[];
  /** Kept in creation order. */
  incidents: FakeIncident[];
  oncalls: FakeOnCall[];
  escalationPolicies: EscalationPolicySeed[];
  schedules: FakeSchedule[];
  priorities: FakePriority[];
  nextNumber: number;
}

export interface FakePriority {
  id: string;
  name: string;
}

export interface FakeOverride {
  id: string;
  userId: string;
  start: Date;
  end: Date;
}

export interface FakeSchedule {
  id: string;
  name: string;
  userIds: string[];
  overrides: FakeOverride[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Decoded query: every value of a repeated key, in order. */
  query: Record<string, string[]>;
  rawQuery: string;
  /** Lower-cased header names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
