import type { AxiosInstance } from 'axios';
import { OncallError } from '../../domain/errors.js';
import { looksLikeMarkdown, parseRunbook } from '../../domain/runbook/parse.js';
import { blobToRaw } from '../../domain/runbook/locate.js';
import { loadMarkdown } from '../../domain/runbook/markdown.js';
import type { Runbook, RunbookAttempt } from '../../domain/runbook/types.js';
import { redactUrl } from '../errors.js';
import { createHttp, type TransportOptions } from '../transport.js';

/** Runbook fetches are short: the pane waits for nobody, and a wiki that slow is better opened as a link. */
export const RUNBOOK_TIMEOUT_MS = 5_000;
export const RUNBOOK_MAX_BYTES = 1_000_000;

export interface FetchOptions {
  /**
   * Transports of the configured sources. A runbook on the same origin as one of them is fetched
   * with its auth, headers and TLS settings; any other host gets none of them (credentials for
   * Alertmanager must never go to github.com), only the proxy settings from the environment.
   */
  transports?: TransportOptions[];
  timeoutMs?: number;
  maxBytes?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Fetched {
  attempt: RunbookAttempt;
  runbook?: Runbook;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function clientFor(url: URL, opts: FetchOptions, timeoutMs: number): AxiosInstance {
  const same = opts.transports?.find((t) => originOf(t.baseURL) === url.origin);
  const base: TransportOptions = same ? { ...same } : { baseURL: url.origin, name: 'runbook' };
  return createHttp({ ...base, baseURL: url.origin, name: 'runbook', timeoutMs, ...(opts.env ? { env: opts.env } : {}) });
}

function classify(rawUrl: URL, contentType: string, body: string): 'markdown' | 'text' | 'html' | 'other' {
  const ct = contentType.toLowerCase();
  const head = body.trimStart().slice(0, 200).toLowerCase();
  if (ct.includes('html') || head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  if (ct.includes('markdown')) return 'markdown';
  const plainish = ct === '' || ct.startsWith('text/plain') || ct.startsWith('application/octet-stream');
  if (!plainish) return 'other';
  if (/\.(md|markdown)$/i.test(rawUrl.pathname) || looksLikeMarkdown(body)) return 'markdown';
  return 'text';
}

/**
 * Fetches a runbook URL (GitHub/GitLab blob pages as their raw file). Never throws: every outcome,
 * a timeout included, comes back as an attempt the pane can show. Markdown and plain text are
 * parsed; an HTML page (a wiki, a login redirect) or any other type is shown as a link only.
 */
export async function fetchRunbook(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const location = redactUrl(url);
  const attempt = (outcome: RunbookAttempt['outcome'], message: string): RunbookAttempt => ({ kind: 'annotation', location, outcome, message });
  const timeoutMs = opts.timeoutMs ?? RUNBOOK_TIMEOUT_MS;
  let target: URL;
  try {
    target = new URL(blobToRaw(url));
  } catch {
    return { attempt: attempt('skipped', 'not a URL') };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return { attempt: attempt('skipped', `not an http(s) URL (${target.protocol})`) };

  // axios' timeout only notices an idle socket; a server that trickles bytes is cut off here.
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    const http = clientFor(target, opts, timeoutMs);
    const res = await http.get<string>(`${target.pathname}${target.search}`, {
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      maxContentLength: opts.maxBytes ?? RUNBOOK_MAX_BYTES,
      headers: { Accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' },
      signal: abort.signal,
    });
    const status = res.status;
    if (status === 404 || status === 410) return { attempt: attempt('not_found', `HTTP ${status}: no page there`) };
    if (status === 401 || status === 403) return { attempt: attempt('link_only', `HTTP ${status}: it needs a login; open the link in a browser`) };
    if (status < 200 || status >= 300) return { attempt: attempt('failed', `HTTP ${status} from the runbook server`) };
    const body = typeof res.data === 'string' ? res.data : '';
    if (body.trim() === '') return { attempt: attempt('not_found', 'the page is empty') };
    const kind = classify(target, String(res.headers['content-type'] ?? ''), body);
    if (kind === 'html') return { attempt: attempt('link_only', 'an HTML page: shown as a link') };
    if (kind === 'other') return { attempt: attempt('link_only', `not Markdown or text (${String(res.headers['content-type'])}): shown as a link`) };
    const found = target.href === url ? 'fetched' : `fetched as ${redactUrl(target.href)}`;
    if (kind === 'markdown') await loadMarkdown();
    return { attempt: attempt('ok', kind === 'markdown' ? `${found} (Markdown)` : `${found} (text)`), runbook: parseRunbook(body, kind) };
  } catch (err) {
    if (timedOut) return { attempt: attempt('failed', `no answer within ${Math.round(timeoutMs / 100) / 10}s`) };
    // createHttp already turned transport errors (refused, DNS, TLS, too large) into redacted OncallErrors.
    return { attempt: attempt('failed', err instanceof OncallError ? err.message : 'the request failed') };
  } finally {
    clearTimeout(timer);
  }
}
