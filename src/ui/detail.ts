import { format } from 'date-fns';
import { formatMatcher, matchesAll } from '../domain/matchers.js';
import { formatSloExplain } from '../domain/slo/explain.js';
import type { SloReport } from '../domain/slo/types.js';
import type { Alert, Incident } from '../domain/types.js';
import { alertService, selectedAlertRow, selectedIncident, selectedSilence, selectedSlo } from '../state/selectors.js';
import { acksOf, groupOf, incidentsOf } from '../state/join.js';
import { responseLines } from '../state/response.js';
import type { DashboardState } from '../state/types.js';
import { noteLines } from './detailNotes.js';
import { sloHistoryLines } from './detailSloHistory.js';
import { age } from './format.js';
import type { ColorName, Theme } from './theme.js';

export interface DetailLine {
  text: string;
  color?: ColorName;
  bold?: boolean;
  /** Wrapped to the pane's width instead of cut (figures and queries must be read whole). */
  wrap?: boolean;
}

const when = (d: Date, now: number) => `${format(d, 'yyyy-MM-dd HH:mm')} (${age(d, now)} ago)`;
const isUrl = (v: string) => /^https?:\/\//.test(v);

function kv(theme: Theme, name: string, value: string): DetailLine {
  return { text: `  ${name}: ${isUrl(value) ? theme.link(value) : value}` };
}

/** The first five of a list, and a line that says how many more there are: a cut list must say so. */
function firstFew<T>(items: T[], line: (item: T) => string, shown = 5): DetailLine[] {
  const out: DetailLine[] = items.slice(0, shown).map((x) => ({ text: line(x) }));
  if (items.length > shown) out.push({ text: `  … and ${items.length - shown} more`, color: 'muted' });
  return out;
}

function alertLines(state: DashboardState, theme: Theme, alerts: Alert[], title: string): DetailLine[] {
  const out: DetailLine[] = [{ text: title, bold: true }];
  const [a] = alerts;
  if (!a) return out;
  if (alerts.length === 1) {
    out.push({ text: `started ${when(a.startsAt, state.now)}` });
    if (a.silencedBy.length) out.push({ text: `silenced by ${a.silencedBy.join(', ')}`, color: 'muted' });
    if (a.inhibitedBy.length) out.push({ text: `inhibited by ${a.inhibitedBy.join(', ')}`, color: 'muted' });
  } else out.push({ text: `${alerts.length} alerts; labels shared by all:` });
  out.push({ text: 'labels', color: 'accent' });
  const shared = Object.entries(a.labels).filter(([k, v]) => alerts.every((x) => x.labels[k] === v));
  for (const [k, v] of shared.sort(([x], [y]) => x.localeCompare(y))) out.push(kv(theme, k, v));
  if (alerts.length === 1) {
    const ann = Object.entries(a.annotations);
    if (ann.length) out.push({ text: 'annotations', color: 'accent' });
    for (const [k, v] of ann) out.push(kv(theme, k, v));
    if (a.generatorURL) out.push({ text: `source: ${theme.link(a.generatorURL, 'graph')}` });
  }
  // The exact join (by the dedup key Alertmanager sent), or a likely one (by its default title); never by service.
  const incidents = incidentsOf(state, alerts);
  if (incidents.length) {
    out.push({ text: 'incidents', color: 'accent' });
    out.push(...firstFew(incidents, (l) => `  #${l.number} ${l.status} ${l.incident?.title ?? ''} (${l.link === 'exact' ? 'exact: its dedup key' : 'likely: its title'})`));
  }
  const ack = acksOf(state).get(a.fingerprint);
  if (ack) out.push({ text: `acked by ${ack.by}, ${age(ack.at, state.now)} ago (ack silence ${ack.silenceId.slice(0, 8)})`, color: 'accent' });
  return out;
}

function incidentLines(state: DashboardState, theme: Theme, i: Incident): DetailLine[] {
  const out: DetailLine[] = [
    { text: `#${i.number} ${i.title}`, bold: true },
    // The P… id too: what `oncall incident` and PagerDuty's own tools take.
    { text: `${i.id} · ${i.status} · ${i.urgency} urgency${i.priority ? ` · ${i.priority}` : ''} · ${i.service.name}` },
    { text: `opened ${when(i.createdAt, state.now)}` },
    { text: `assigned: ${i.assignees.map((a) => a.name).join(', ') || 'nobody'}` },
  ];
  if (i.escalationPolicy) out.push({ text: `escalation: ${i.escalationPolicy.name}` });
  for (const r of responseLines(state, i)) out.push({ text: r.text, wrap: true, ...(r.tone ? { color: r.tone } : {}) });
  if (i.htmlUrl) out.push({ text: `link: ${theme.link(i.htmlUrl, `PagerDuty #${i.number}`)}` });
  const joined = groupOf(state, i);
  if (joined) {
    const g = joined.group;
    out.push({ text: `alert group (${g.link === 'exact' ? 'exact: its dedup key' : 'likely: its title'})`, color: 'accent' });
    out.push({ text: `  {${Object.entries(g.labels).map(([k, v]) => `${k}="${v}"`).join(', ')}} → ${g.receiver}, ${g.firing} firing` });
    out.push(...firstFew(joined.alerts, (a) => `  ${a.labels.alertname ?? '-'} ${a.labels.instance ?? ''} ${a.annotations.summary ?? ''}`));
  } else out.push({ text: 'alert group: none found (no dedup key or default title matches)', color: 'muted' });
  out.push(...noteLines(state, i));
  return out;
}

/**
 * The same lines as `oncall slo --explain`, wrapped to the pane rather than cut, with the SLO's history
 * between the figures and how each was computed.
 */
function sloLines(state: DashboardState, report: SloReport): DetailLine[] {
  const h = state.sloHistory?.sloId === report.id ? state.sloHistory.history : undefined;
  // An ongoing breach tells since when the budget is gone where the trend cannot (it began before the trend).
  const ongoing = h?.breaches.periods.find((p) => p.ongoing)?.start;
  const lines = formatSloExplain(report, ongoing ? { exhaustedSince: ongoing } : {})
    .split('\n')
    .map((text, i): DetailLine => {
      if (i === 0) return { text, bold: true, wrap: true };
      if (/^ {2}error /.test(text)) return { text, color: 'error', wrap: true };
      if (/^ {2}warnings /.test(text)) return { text, color: 'warning', wrap: true };
      if (/^ {4}(query | {6}\S)/.test(text)) return { text, color: 'muted', wrap: true };
      return { text, wrap: true };
    });
  const figures = lines.findIndex((l) => l.text === '');
  const at = figures < 0 ? lines.length : figures;
  return [...lines.slice(0, at), { text: '' }, ...sloHistoryLines(state, report), ...lines.slice(at)];
}

/** What the detail pane shows for the focused pane's selection. Pure: tested without rendering. */
function timelineLines(t: NonNullable<DashboardState['timeline']>): DetailLine[] {
  const out: DetailLine[] = [{ text: t.title, bold: true }];
  if (t.loading) return [...out, { text: 'reading Prometheus, Alertmanager and PagerDuty…', color: 'muted' }];
  for (const f of t.failures) out.push({ text: `not read: ${f}`, color: 'critical', wrap: true });
  if (t.events.length === 0) out.push({ text: 'nothing happened in the last hour', color: 'muted' });
  for (const e of t.events) out.push({ text: `${format(e.at, 'HH:mm:ss')}  ${e.source.padEnd(12)} ${e.subject}  ${e.text}`, wrap: true });
  return out;
}

export function detailLines(state: DashboardState, theme: Theme): DetailLine[] {
  if (state.timeline) return timelineLines(state.timeline);
  switch (state.focus) {
    case 'alerts': {
      const row = selectedAlertRow(state);
      if (!row) return [{ text: 'no alert selected', color: 'muted' }];
      if (row.kind === 'group') return alertLines(state, theme, row.alerts, `${row.alertname} · ${row.service} (${row.alerts.length})`);
      return alertLines(state, theme, [row.alert], `${row.alert.labels.alertname ?? '-'} · ${alertService(row.alert.labels)}`);
    }
    case 'incidents': {
      const i = selectedIncident(state);
      return i ? incidentLines(state, theme, i) : [{ text: 'no incident selected', color: 'muted' }];
    }
    case 'silences': {
      const row = selectedSilence(state);
      if (!row) return [{ text: 'no silence selected', color: 'muted' }];
      const s = row.silence;
      const hits = state.alerts.filter((a) => matchesAll(s.matchers, a.labels));
      return [
        { text: `silence ${s.id}`, bold: true },
        { text: `${s.state} · ${format(s.startsAt, 'MM-dd HH:mm')} → ${format(s.endsAt, 'MM-dd HH:mm')} · by ${s.createdBy}` },
        { text: `comment: ${s.comment}` },
        { text: 'matchers', color: 'accent' },
        ...s.matchers.map((m) => ({ text: `  ${formatMatcher(m)}` })),
        { text: hits.length === 0 ? 'matches no current alert' : `matches ${hits.length} current alerts`, color: hits.length === 0 ? 'warning' : 'accent' },
        ...firstFew(hits, (a) => `  ${a.labels.alertname ?? '-'} ${a.labels.instance ?? ''}`),
      ];
    }
    case 'slo': {
      const s = selectedSlo(state);
      if (!s) return [{ text: 'no SLO selected', color: 'muted' }];
      return sloLines(state, s);
    }
  }
}
