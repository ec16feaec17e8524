import type { Alert, Incident } from '../types.js';

/** Where a runbook is looked for, pure parts: which URL, which file names, which alert an incident means. */

/** Annotation names that point at a runbook, in the order they are tried. */
export const RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook', 'runbookUrl', 'runbook_link'] as const;

export function runbookAnnotation(alert: Pick<Alert, 'annotations'>): { name: string; value: string } | undefined {
  for (const name of RUNBOOK_ANNOTATIONS) {
    const value = alert.annotations[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * GitHub and GitLab "blob" pages are HTML around the file; the raw form is the file itself.
 * github.com/o/r/blob/ref/path → raw.githubusercontent.com/o/r/ref/path;
 * <gitlab host>/group/project/-/blob/ref/path → …/-/raw/ref/path. Other URLs come back unchanged.
 */
export function blobToRaw(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const host = u.hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') {
    const m = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(u.pathname);
    if (m) return `https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}${u.search}`;
    return url;
  }
  if (u.pathname.includes('/-/blob/')) {
    u.pathname = u.pathname.replace('/-/blob/', '/-/raw/');
    u.hash = '';
    return u.toString();
  }
  return url;
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^/\s]+/i.test(value);
}

/** File names tried in each local folder, compared case-insensitively. */
export function localCandidates(name: string): Array<{ dir?: string; file: string }> {
  return [{ file: `${name}.md` }, { dir: name, file: 'README.md' }];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The alert an incident was raised for: one whose alertname appears in the incident's title as a
 * whole word (Alertmanager's PagerDuty integration puts it there). Longer names win ("HighErrorRate"
 * over "Error"), then an alert of the incident's service.
 */
export function alertForIncident(incident: Pick<Incident, 'title' | 'service'>, alerts: Alert[]): Alert | undefined {
  const title = incident.title.toLowerCase();
  const named = alerts.filter((a) => {
    const name = a.labels.alertname?.toLowerCase();
    return Boolean(name) && new RegExp(`(^|[^a-z0-9_])${escapeRegExp(name!)}($|[^a-z0-9_])`).test(title);
  });
  const service = incident.service.name.toLowerCase();
  return named.sort((a, b) => {
    const len = (b.labels.alertname?.length ?? 0) - (a.labels.alertname?.length ?? 0);
    if (len) return len;
    const svc = (x: Alert) => (x.labels.service?.toLowerCase() === service ? 0 : 1);
    return svc(a) - svc(b);
  })[0];
}
