import { pathToFileURL } from 'node:url';
import { alertForIncident, isHttpUrl, runbookAnnotation } from '../../domain/runbook/locate.js';
import type { RunbookAttempt, RunbookResult } from '../../domain/runbook/types.js';
import type { Alert, Incident } from '../../domain/types.js';
import { fetchRunbook, type FetchOptions } from './fetch.js';
import { findLocalRunbook } from './local.js';

export interface FindOptions extends FetchOptions {
  /** Local runbook folders from config, `~` already expanded. */
  folders: string[];
}

type AlertLike = Pick<Alert, 'labels' | 'annotations'>;

function summary(looked: RunbookAttempt[], linkOnly?: RunbookAttempt): Pick<RunbookResult, 'status' | 'message'> {
  const failed = looked.filter((a) => a.outcome === 'failed');
  if (linkOnly) return { status: 'link_only', message: `${linkOnly.location}: ${linkOnly.message}` };
  if (failed.length) return { status: 'failed', message: failed.map((a) => `${a.location}: ${a.message}`).join('; ') };
  if (looked.length === 0) return { status: 'not_found', message: 'no runbook: no runbook_url annotation and no runbook folders configured (`runbooks:` in the config)' };
  return { status: 'not_found', message: `no runbook (looked in ${looked.length} place${looked.length === 1 ? '' : 's'})` };
}

async function fromFolders(name: string | undefined, opts: FindOptions, looked: RunbookAttempt[], link?: string): Promise<RunbookResult | undefined> {
  if (!name || opts.folders.length === 0) return undefined;
  const local = await findLocalRunbook(opts.folders, name);
  looked.push(...local.attempts);
  if (!local.found) return undefined;
  const earlier = looked.filter((a) => a.kind === 'annotation' && a.outcome !== 'ok');
  const note = earlier.length ? ` (runbook_url: ${earlier.map((a) => a.message).join('; ')})` : '';
  return {
    status: 'ok',
    message: `from ${local.found.path}${note}`,
    foundAt: { kind: 'file', location: local.found.path },
    link: link ?? pathToFileURL(local.found.path).href,
    runbook: local.found.runbook,
    looked,
  };
}

/**
 * Finds an alert's runbook: (1) its runbook_url (or runbook) annotation over HTTP(S), (2) the local
 * folders, `<alertname>.md` or `<alertname>/README.md`. Never throws and never waits longer than
 * the fetch timeout. `looked` lists every place tried, for "where did it look?".
 */
export async function findRunbook(alert: AlertLike, opts: FindOptions): Promise<RunbookResult> {
  const looked: RunbookAttempt[] = [];
  const ann = runbookAnnotation(alert);
  let link: string | undefined;
  let linkOnly: RunbookAttempt | undefined;
  if (ann && isHttpUrl(ann.value)) {
    const fetched = await fetchRunbook(ann.value, opts);
    looked.push(fetched.attempt);
    if (fetched.runbook) {
      return { status: 'ok', message: `from ${ann.name} ${fetched.attempt.location}`, foundAt: { kind: 'url', location: fetched.attempt.location }, link: ann.value, runbook: fetched.runbook, looked };
    }
    // The link still works in a browser even when we cannot show it; a local copy may do better.
    link = ann.value;
    if (fetched.attempt.outcome === 'link_only') linkOnly = fetched.attempt;
  } else if (ann) {
    looked.push({ kind: 'annotation', location: ann.value, outcome: 'skipped', message: `${ann.name} is not an http(s) URL` });
  }
  const local = await fromFolders(alert.labels.alertname, opts, looked, link);
  if (local) return local;
  return { ...summary(looked, linkOnly), ...(link ? { link } : {}), looked };
}

/**
 * An incident's runbook: through the alert it was raised for (its alertname in the title), else a
 * runbook named after its service in the local folders.
 */
export async function findIncidentRunbook(incident: Pick<Incident, 'title' | 'service'>, alerts: Alert[], opts: FindOptions): Promise<RunbookResult> {
  const alert = alertForIncident(incident, alerts);
  if (alert) return findRunbook(alert, opts);
  const looked: RunbookAttempt[] = [];
  const local = await fromFolders(incident.service.name, opts, looked);
  if (local) return local;
  const result = summary(looked);
  return { ...result, message: `no alert named in "${incident.title}"; ${result.message}`, looked };
}
