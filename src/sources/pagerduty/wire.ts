/** The parts of PagerDuty REST v2 JSON we read. Everything optional that the spec lets be null or absent. */

export interface WireRef {
  id: string;
  type?: string;
  summary?: string | null;
  name?: string | null;
  email?: string | null;
}

export interface WireIncident {
  id: string;
  incident_number?: number;
  title?: string | null;
  summary?: string | null;
  status?: string;
  urgency?: string;
  priority?: { id?: string; summary?: string | null; name?: string | null } | null;
  service?: WireRef | null;
  assignments?: Array<{ assignee?: WireRef | null }> | null;
  escalation_policy?: WireRef | null;
  created_at?: string;
  updated_at?: string | null;
  html_url?: string | null;
  incident_key?: string | null;
  pending_actions?: Array<{ type?: string; at?: string | null }> | null;
}

export interface WireNote {
  id: string;
  content?: string | null;
  created_at?: string;
  user?: WireRef | null;
}

export interface WireEscalationPolicy {
  id: string;
  name?: string;
  summary?: string;
  escalation_rules?: Array<{ escalation_delay_in_minutes?: number; targets?: Array<WireRef & { type?: string }> }>;
}

export interface WireRawIncident {
  id: string;
  created_at?: string;
  seconds_to_first_ack?: number | null;
  seconds_to_resolve?: number | null;
  service_id?: string;
  service_name?: string | null;
  urgency?: string;
}

export interface WireLogEntry {
  id: string;
  type?: string;
  summary?: string | null;
  created_at?: string;
  agent?: WireRef | null;
  note?: string | null;
}

export interface WireOnCall {
  user?: WireRef | null;
  schedule?: WireRef | null;
  escalation_policy?: WireRef | null;
  escalation_level?: number;
  start?: string | null;
  end?: string | null;
}

export interface WireUser extends WireRef {
  email?: string | null;
}

export interface WirePage {
  limit?: number;
  offset?: number;
  more?: boolean;
  total?: number | null;
}

export interface WireError {
  error?: { code?: number; message?: string; errors?: unknown[] } | string;
}

export interface WireScheduleEntry {
  start?: string;
  end?: string;
  user?: WireRef | null;
}

export interface WireSchedule extends WireRef {
  users?: WireRef[] | null;
  final_schedule?: { rendered_schedule_entries?: WireScheduleEntry[] | null } | null;
}

export interface WireOverride {
  id?: string;
  start?: string;
  end?: string;
  user?: WireRef | null;
}
