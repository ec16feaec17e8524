import { formatDuration } from './duration.js';
import { formatMatcher, matchesAll } from './matchers.js';
import type { IncidentLogEntry, Incident, Labels, Series, Silence } from './types.js';

/**
 * What happened over a window, from the three systems: alerts fired and resolved (Prometheus keeps
 * them as the `ALERTS` series; Alertmanager forgets resolved alerts), silences created, expired and
 * about to expire, and the PagerDuty log of the incidents those alerts opened.
 */
export type TimelineSource = 'prometheus' | 'alertmanager' | 'pagerduty';

export interface TimelineEvent {
  at: Date;
  source: TimelineSource;
  kind: string;
  subject: string;
  text: string;
}

/** One stretch during which an alert was firing. */
export interface AlertRun {
  labels: Labels;
  firedAt: Date;
  /** Last seen firing; undefined while it still fires at the end of the window. */
  resolvedAt?: Date;
  /** It was already firing when the window began, so `firedAt` is the window's start, not its start. */
  firingBefore: boolean;
}

const SUBJECT_LABELS = ['service', 'instance', 'job', 'severity'];

export function alertSubject(labels: Labels): string {
  const shown = SUBJECT_LABELS.filter((k) => labels[k] !== undefined).map((k) => `${k}="${labels[k]}"`);
  return `${labels.alertname ?? '(no alertname)'}${shown.length ? `{${shown.join(', ')}}` : ''}`;
}

/** The usual gap between an alert's samples: its rule group's evaluation interval. */
function interval(times: number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 60;
}

/**
 * Splits each `ALERTS{alertstate="firing"}` series (raw samples, one per rule evaluation) into runs: a
 * gap of more than two evaluation intervals means the alert resolved and later fired again.
 */
export function alertRuns(series: Series[], window: { start: Date; end: Date }): AlertRun[] {
  const runs: AlertRun[] = [];
  const startS = window.start.getTime() / 1000;
  const endS = window.end.getTime() / 1000;
  for (const s of series) {
    const labels = { ...s.metric };
    delete labels.alertstate;
    delete labels.__name__;
    const times = s.points.map(([t]) => t);
    const gap = interval(times) * 2;
    let first: number | undefined;
    let last = 0;
    const close = (open: boolean) => {
      if (first === undefined) return;
      runs.push({ labels, firedAt: new Date(first * 1000), ...(open ? {} : { resolvedAt: new Date(last * 1000) }), firingBefore: first - startS < gap });
    };
    for (const t of times) {
      if (first !== undefined && t - last > gap) {
        close(false);
        first = undefined;
      }
      if (first === undefined) first = t;
      last = t;
    }
    close(endS - last <= gap);
  }
  return runs.sort((a, b) => a.firedAt.getTime() - b.firedAt.getTime());
}

const short = (id: string) => id.slice(0, 8);
const silenceSubject = (s: Silence) => `{${s.matchers.map(formatMatcher).join(', ')}}`;

/** A silence on the run's labels that ended while it fired, or shortly before: why it came back. */
export function expiredSilenceBefore(run: AlertRun, silences: Silence[], withinMs = 15 * 60_000): Silence | undefined {
  const until = run.resolvedAt ?? new Date(8.64e15);
  return silences
    .filter((s) => s.endsAt.getTime() >= run.firedAt.getTime() - withinMs && s.endsAt <= until && matchesAll(s.matchers, run.labels))
    .sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0];
}

export function alertEvents(runs: AlertRun[], silences: Silence[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const run of runs) {
    const subject = alertSubject(run.labels);
    if (!run.firingBefore) {
      const silence = expiredSilenceBefore(run, silences);
      const after = silence && silence.endsAt <= run.firedAt ? ` ${formatDuration(run.firedAt.getTime() - silence.endsAt.getTime())} after silence ${short(silence.id)} expired` : '';
      out.push({ at: run.firedAt, source: 'prometheus', kind: 'alert_fired', subject, text: `fired${after}` });
    }
    if (run.resolvedAt) {
      const lasted = run.firingBefore ? '' : ` after ${formatDuration(run.resolvedAt.getTime() - run.firedAt.getTime())}`;
      out.push({ at: run.resolvedAt, source: 'prometheus', kind: 'alert_resolved', subject, text: `resolved${lasted}` });
    }
  }
  return out;
}

export function silenceEvents(silences: Silence[], window: { start: Date; end: Date }, now: Date, aheadMs = 3600_000): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const inWindow = (d: Date) => d >= window.start && d <= window.end;
  for (const s of silences) {
    const subject = silenceSubject(s);
    const who = `${s.createdBy}: ${s.comment}`;
    if (inWindow(s.startsAt)) out.push({ at: s.startsAt, source: 'alertmanager', kind: 'silence_created', subject, text: `silence ${short(s.id)} by ${who}` });
    if (s.endsAt <= now && inWindow(s.endsAt)) out.push({ at: s.endsAt, source: 'alertmanager', kind: 'silence_expired', subject, text: `silence ${short(s.id)} expired (${who})` });
    else if (s.endsAt > now && s.endsAt.getTime() - now.getTime() <= aheadMs) {
      out.push({ at: s.endsAt, source: 'alertmanager', kind: 'silence_expiring', subject, text: `silence ${short(s.id)} expires in ${formatDuration(s.endsAt.getTime() - now.getTime())} (${who})` });
    }
  }
  return out;
}

export function incidentEvents(incident: Incident, log: IncidentLogEntry[], window: { start: Date; end: Date }): TimelineEvent[] {
  return log
    .filter((e) => e.at >= window.start && e.at <= window.end)
    .map((e) => ({
      at: e.at,
      source: 'pagerduty' as const,
      kind: `incident_${e.type}`,
      subject: `#${incident.number} ${incident.title}`,
      text: [e.summary, e.agent ? `by ${e.agent}` : '', e.note ? `“${e.note}”` : ''].filter(Boolean).join(' '),
    }));
}

export function mergeTimeline(...parts: TimelineEvent[][]): TimelineEvent[] {
  const order: Record<TimelineSource, number> = { prometheus: 0, alertmanager: 1, pagerduty: 2 };
  return parts.flat().sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.source] - order[b.source]);
}
