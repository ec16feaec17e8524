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
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** One section of the shift report; Markdown and the dashboard's `:handover` view render the same parts. */
export interface HandoverPart {
  heading: string;
  /** Prose under the heading (the shift's MTTA and MTTR). */
  lines: string[];
  table?: { columns: string[]; rows: string[][] };
  /** List items; `code` is an identifier shown before the text (a silence id). */
  items: Array<{ code?: string; text: string }>;
  /** What the section says when it lists nothing. */
  empty: string;
}

export interface HandoverDoc {
  title: string;
  /** What could not be read, said before everything else. */
  notRead: string[];
  parts: HandoverPart[];
}

/** The shift report as sections, with every figure already formatted. */
export function handoverDoc(h: Handover): HandoverDoc {
  const parts: HandoverPart[] = [];
  const s = h.summary;
  parts.push({
    heading: `Incidents this shift (${h.incidents.length})`,
    lines: s && h.incidents.length ? [`MTTA ${dur(s.mtta.mean)} (p90 ${dur(s.mtta.p90)}), MTTR ${dur(s.mttr.mean)} (p90 ${dur(s.mttr.p90)}), response targets met: ${s.targetsMet === null ? '–' : `${Math.round(s.targetsMet * 100)}%`}`] : [],
    table: {
      columns: ['#', 'title', 'service', 'status', 'to ack', 'to resolve'],
      rows: h.incidents.map((r) => [`#${r.incident.number}`, flat(r.incident.title), flat(r.incident.service.name), r.incident.status, dur(r.ackSeconds), dur(r.resolveSeconds)]),
    },
    items: [],
    empty: 'None.',
  });
  parts.push({
    heading: `Still open (${h.open.length})`,
    lines: [],
    items: h.open.map((o) => ({ text: `#${o.incident.number} ${flat(o.incident.title)} (${o.incident.service.name}): ${o.incident.status}${o.ackedForSeconds !== null ? ` for ${dur(o.ackedForSeconds)}` : ''}${o.incident.assignees.length ? `, ${o.incident.assignees.map((a) => a.name).join(', ')}` : ''}` })),
    empty: 'None.',
  });
  parts.push({
    heading: `Silences ending next shift (${h.expiring.length})`,
    lines: [],
    items: h.expiring.map((x) => ({ code: x.id.slice(0, 8), text: `{${x.matchers.map(formatMatcher).join(', ')}} ends ${clock(x.endsAt)} UTC (${x.createdBy}: ${flat(x.comment)})` })),
    empty: 'None.',
  });
  parts.push({
    heading: 'On call next',
    lines: [],
    items: h.nextOnCall.map((o) => ({ text: `${o.escalationPolicy.name}, level ${o.level}: ${o.user.name}${o.start ? ` from ${clock(o.start)} UTC` : ''}` })),
    empty: 'Unknown.',
  });
  const slos = h.slos.filter((x) => x.status !== 'healthy');
  // Figures read from a partial answer (Thanos with a store down): a 'None.' under them is no fact.
  const warned = new Map<string, string[]>();
  for (const x of h.slos) for (const w of x.warnings ?? []) warned.set(w, [...(warned.get(w) ?? []), x.name]);
  parts.push({
    heading: `SLOs at risk or breached (${slos.length})`,
    lines: [...warned].map(([w, names]) => `Read from a partial answer (${w}): ${names.join(', ')}.`),
    items: slos.map((x) => ({ text: `${x.name}: ${x.status.replace('_', ' ')}, ${x.compliance === null ? 'no data' : `${(x.compliance * 100).toFixed(3)}%`} against ${(x.objective * 100).toFixed(3)}%` })),
    empty: 'None.',
  });
  const firing = h.firing.slice(0, 20).map((a) => ({ text: `${a.labels.severity ?? '?'} ${a.labels.alertname ?? ''} ${a.labels.service ?? a.labels.job ?? ''} since ${clock(a.startsAt)} UTC` }));
  if (h.firing.length > 20) firing.push({ text: `… and ${h.firing.length - 20} more` });
  parts.push({ heading: `Firing now (${h.firing.length})`, lines: [], items: firing, empty: 'Nothing.' });
  return { title: `On-call handover ${clock(h.since)} – ${clock(h.until)} UTC`, notRead: h.failures, parts };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown to paste into a channel or a ticket. */
export function handoverMarkdown(h: Handover): string {
  const doc = handoverDoc(h);
  const out = [`# ${doc.title}`, ''];
  if (doc.notRead.length) out.push(...doc.notRead.map((f) => `> **Not read:** ${f}`), '');
  doc.parts.forEach((p, i) => {
    if (i > 0) out.push('');
    out.push(`## ${p.heading}`, '');
    if (p.lines.length) out.push(...p.lines, '');
    const rows = p.table?.rows ?? [];
    if (p.table && rows.length) out.push(`| ${p.table.columns.join(' | ')} |`, `|${p.table.columns.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`));
    out.push(...p.items.map((it) => `- ${it.code ? `\`${it.code}\` ` : ''}${it.text}`));
    if (!rows.length && !p.items.length) out.push(p.empty);
  });
  return `${out.join('\n')}\n`;
}
