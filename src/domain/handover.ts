import { formatDuration } from './duration.js';
import { formatMatcher } from './matchers.js';
import type { ReportRow } from './report.js';
import type { SloReport } from './slo/types.js';
import type { Alert, Incident, OnCall, Silence } from './types.js';

/** The shift report: what happened, what is still open, what the next shift inherits. */
export interface Handover {
  since: Date;
  until: Date;
  /** Incidents created during the shift, with their time to ack and resolve (seconds) when known. */
  incidents: Array<{ incident: Incident; ackSeconds: number | null; resolveSeconds: number | null }>;
  summary: ReportRow | null;
  /** Open now, however old; `ackedFor` is how long it has been acknowledged. */
  open: Array<{ incident: Incident; ackedForSeconds: number | null }>;
  /** Silences ending during the next shift. */
  expiring: Silence[];
  /** Who is on call during the next shift (level 1 first). */
  nextOnCall: OnCall[];
  slos: SloReport[];
  firing: Alert[];
  /** What could not be read; each part that could is still there. */
  failures: string[];
}

const dur = (s: number | null) => (s === null ? '–' : formatDuration(s * 1000));
const clock = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** Markdown to paste into a channel or a ticket. */
export function handoverMarkdown(h: Handover): string {
  const out = [`# On-call handover ${clock(h.since)} – ${clock(h.until)} UTC`, ''];
  if (h.failures.length) out.push(...h.failures.map((f) => `> **Not read:** ${f}`), '');
  out.push(`## Incidents this shift (${h.incidents.length})`, '');
  if (h.summary && h.incidents.length) {
    out.push(`MTTA ${dur(h.summary.mtta.mean)} (p90 ${dur(h.summary.mtta.p90)}), MTTR ${dur(h.summary.mttr.mean)} (p90 ${dur(h.summary.mttr.p90)}), response targets met: ${h.summary.targetsMet === null ? '–' : `${Math.round(h.summary.targetsMet * 100)}%`}`, '');
  }
  if (h.incidents.length) {
    out.push('| # | title | service | status | to ack | to resolve |', '|---|---|---|---|---|---|');
    for (const r of h.incidents) out.push(`| #${r.incident.number} | ${cell(r.incident.title)} | ${cell(r.incident.service.name)} | ${r.incident.status} | ${dur(r.ackSeconds)} | ${dur(r.resolveSeconds)} |`);
    out.push('');
  } else out.push('None.', '');
  out.push(`## Still open (${h.open.length})`, '');
  for (const o of h.open) out.push(`- #${o.incident.number} ${o.incident.title} (${o.incident.service.name}): ${o.incident.status}${o.ackedForSeconds !== null ? ` for ${dur(o.ackedForSeconds)}` : ''}${o.incident.assignees.length ? `, ${o.incident.assignees.map((a) => a.name).join(', ')}` : ''}`);
  if (!h.open.length) out.push('None.');
  out.push('', `## Silences ending next shift (${h.expiring.length})`, '');
  for (const s of h.expiring) out.push(`- \`${s.id.slice(0, 8)}\` {${s.matchers.map(formatMatcher).join(', ')}} ends ${clock(s.endsAt)} UTC (${s.createdBy}: ${cell(s.comment)})`);
  if (!h.expiring.length) out.push('None.');
  out.push('', '## On call next', '');
  for (const o of h.nextOnCall) out.push(`- ${o.escalationPolicy.name}, level ${o.level}: ${o.user.name}${o.start ? ` from ${clock(o.start)} UTC` : ''}`);
  if (!h.nextOnCall.length) out.push('Unknown.');
  const slos = h.slos.filter((s) => s.status !== 'healthy');
  out.push('', `## SLOs at risk or breached (${slos.length})`, '');
  for (const s of slos) out.push(`- ${s.name}: ${s.status.replace('_', ' ')}, ${s.compliance === null ? 'no data' : `${(s.compliance * 100).toFixed(3)}%`} against ${(s.objective * 100).toFixed(3)}%`);
  if (!slos.length) out.push('None.');
  out.push('', `## Firing now (${h.firing.length})`, '');
  for (const a of h.firing.slice(0, 20)) out.push(`- ${a.labels.severity ?? '?'} ${a.labels.alertname ?? ''} ${a.labels.service ?? a.labels.job ?? ''} since ${clock(a.startsAt)} UTC`);
  if (h.firing.length > 20) out.push(`- … and ${h.firing.length - 20} more`);
  if (!h.firing.length) out.push('Nothing.');
  return `${out.join('\n')}\n`;
}
