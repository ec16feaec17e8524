/**
 * SLO definitions (what config or discovery says) and reports (what the evaluator computed).
 * The report shape is shared with the dashboard, the CLI and the demo: add fields, never rename.
 */

export type SloStatus = 'healthy' | 'at_risk' | 'breached' | 'critical' | 'no_data' | 'error';
export type BurnWindow = '5m' | '30m' | '1h' | '2h' | '6h' | '1d' | '3d';

export const BURN_WINDOWS: readonly BurnWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

export const BURN_WINDOW_MS: Readonly<Record<BurnWindow, number>> = {
  '5m': 5 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '2h': 2 * 3_600_000,
  '6h': 6 * 3_600_000,
  '1d': 86_400_000,
  '3d': 3 * 86_400_000,
};

/** How one figure was computed: the PromQL sent, what came back, and the arithmetic. */
export interface ExplainItem {
  figure: string;
  query?: string;
  raw?: string;
  formula: string;
  value: string;
}

export type SloSource = 'config' | 'sloth' | 'pyrra' | 'rule';

export interface SloReport {
  id: string;
  /** In a dashboard over several contexts: the context it came from (set by the dashboard's store). */
  context?: string;
  name: string;
  service: string;
  /** 0.999 for 99.9% */
  objective: number;
  windowMs: number;
  source: SloSource;
  status: SloStatus;
  /** Good ratio over the window; null = no data (never 0 or 1 in its place). */
  compliance: number | null;
  /** remainingMs/remainingFraction go negative when the budget is overspent. */
  budget: { totalMs: number; remainingMs: number; spentFraction: number; remainingFraction: number } | null;
  burnRates: Record<BurnWindow, number | null>;
  /** Multiwindow multi-burn-rate state (SRE workbook ch. 5), thresholds scaled to the window. */
  alert: 'page' | 'ticket' | 'none';
  /** Time until the budget is gone at the current (1h) burn; null = never (no burn) or unknown. */
  exhaustionMs: number | null;
  /** [unix seconds, compliance] for a sparkline; only finite points. */
  trend: Array<[number, number]>;
  noDataSince?: Date;
  /** With status 'error': why. With another status: which secondary figures failed. */
  error?: string;
  explain: ExplainItem[];
  /** Added: the text window as configured ("30d") and the critical threshold, for display. */
  window?: string;
  critical?: CriticalThreshold;
  /** Added: for a latency SLO with a quantile critical threshold, the measured quantile in seconds. */
  latencyQuantileSeconds?: number | null;
  /** Added: discovered SLOs' recorded series (see SloDefinition.rule). */
  rule?: string;
  /** Added: each burn-rate condition with its current burns and headroom ("6h burn 4.1× of 6×"). */
  burnAlerts?: BurnAlertState[];
  /** Added: time to exhaustion at the current 1h, 6h and 3d burns (null = never or unknown). */
  exhaustion?: Record<'1h' | '6h' | '3d', number | null>;
  /** Added: how much of the window the SLI has data for (known with a trend); unreliable forecasts say so. */
  coverage?: { dataMs: number; windowMs: number; reliable: boolean };
  /** Added: the server's warnings beside the answers (Thanos partial responses): a figure may miss data. */
  warnings?: string[];
}

/**
 * Counter-based SLI. Each of good/bad/total is either a counter selector
 * (`http_requests_total{job="api"}`, wrapped as `sum(increase(X[window]))`) or a full PromQL
 * expression containing `{{.window}}` (Sloth's placeholder), used as written.
 */
export interface RatioSli {
  kind: 'ratio';
  good?: string;
  bad?: string;
  total: string;
}

/**
 * A ready ratio, e.g. a recording rule. `query` covers the SLO window (it may contain
 * `{{.window}}`); burn windows use `windows[w]`, else `burnQuery` with `{{.window}}` replaced,
 * else `query` if it has the placeholder; otherwise that burn rate is unknown.
 */
export interface QuerySli {
  kind: 'query';
  query: string;
  /** What the ratio counts: good events (availability) or bad events (error ratio). */
  measures: 'good' | 'bad';
  burnQuery?: string;
  /** Added: a recording rule's own expression, for history older than its recorded series (`oncall slo --history`). */
  ruleQuery?: string;
  /**
   * The SLI over the raw series, `{{.window}}` where the range goes, from the rules' own expressions
   * (Sloth's and Pyrra's SLI rules): for history older than their recorded series.
   */
  rawQuery?: string;
  windows?: Partial<Record<BurnWindow, string>>;
}

/** Share of requests faster than `le` seconds, from a Prometheus histogram. */
export interface LatencySli {
  kind: 'latency';
  /** Base name without _bucket/_count, e.g. http_request_duration_seconds. */
  metric: string;
  /** The bucket bound as written in config, e.g. "1" or "0.5". */
  le: string;
  /** Extra label matchers, e.g. `{job="search"}`; may be empty. */
  selector: string;
}

export type SliSpec = RatioSli | QuerySli | LatencySli;

export type CriticalThreshold =
  /** Critical when compliance (the good ratio) drops below `ratio`. */
  | { kind: 'below'; ratio: number }
  /** Latency SLOs: critical when the window's `quantile` (0.95) is above `seconds`. */
  | { kind: 'quantile_above'; quantile: number; seconds: number };

export interface SloDefinition {
  /** Stable key: config `id`, else a slug of the name; discovery uses the tool's id. */
  id: string;
  name: string;
  service: string;
  objective: number;
  /** As written ("30d"); windowMs is the parsed value. */
  window: string;
  windowMs: number;
  critical?: CriticalThreshold;
  sli: SliSpec;
  source: SloSource;
  description?: string;
  /** Discovered SLOs: the recorded series it reads (Sloth: the family with its selector). */
  rule?: string;
  /** Discovered SLOs: where the objective, critical threshold and window came from, one line each. */
  derivation?: string[];
  /** The burn-rate conditions of the alert rules that watch this SLO; absent: the workbook's table is assumed. */
  burnAlerts?: BurnAlertRule[];
  /**
   * Discovered in one tenant of several (Mimir `t1|t2`): its queries go to that tenant alone, as its
   * rules are evaluated there; a federated query would add the other tenants' series of the same name.
   */
  tenant?: string;
}

/** One multiwindow condition of a burn-rate alert rule: both windows above `factor` fire it. */
export interface BurnAlertRule {
  alert: string;
  severity: 'page' | 'ticket';
  long: string;
  short: string;
  factor: number;
  /** PromQL giving each window's error ratio: the series the alert compares. */
  longQuery: string;
  shortQuery: string;
}

/** A burn-rate condition with the current burns: from the alert rules, or the workbook's table when there are none. */
export interface BurnAlertState {
  from: 'rule' | 'workbook';
  alert?: string;
  severity: 'page' | 'ticket';
  long: string;
  short: string;
  factor: number;
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean;
}

/** A rule that looks like an SLO but was not taken, and why (`oncall slo --skipped`). */
export interface SkippedRule {
  rule: string;
  reason: string;
  /** Not a rule skipped but rules that could not be read (see SloSnapshot.unread): SLOs are missing. */
  unread?: true;
}

/** One evaluation: every SLO's report, and what discovery skipped. */
export interface SloSnapshot {
  reports: SloReport[];
  skipped: SkippedRule[];
  /**
   * Rules that could not be read (Prometheus' rules API failing while queries work, or one tenant's
   * ruler of several): the SLOs discovered from them are missing, so the list is not the whole answer.
   */
  unread?: string[];
}
