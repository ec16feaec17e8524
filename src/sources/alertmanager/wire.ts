/** Alertmanager API v2 JSON, as 0.25 and later send it. Only the fields we read. */

export interface WireMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** absent before 0.22, where every matcher was an equality */
  isEqual?: boolean;
}

export interface WireAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  updatedAt?: string;
  generatorURL?: string;
  receivers?: Array<{ name: string }>;
  status?: { state?: string; silencedBy?: string[] | null; inhibitedBy?: string[] | null };
}

export interface WireAlertGroup {
  labels: Record<string, string>;
  receiver?: { name: string };
  alerts: WireAlert[];
}

export interface WireSilence {
  id: string;
  matchers: WireMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt?: string;
  createdBy: string;
  comment: string;
  status?: { state?: string };
}

export interface WirePostableSilence {
  id?: string;
  matchers: Array<Required<WireMatcher>>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface WireStatus {
  versionInfo?: { version?: string };
  uptime?: string;
  cluster?: { status?: string; peers?: unknown[] | null };
  config?: { original?: string };
}
