import { checkUrl, type ContextConfig } from '../../domain/config.js';
import { OncallError, usageError } from '../../domain/errors.js';
import type { Io } from '../io.js';
import { createPrompter, type Prompter } from '../prompt.js';
import { openConfigStore, type ConfigStore } from './store.js';

/** What `config init` can be told by flags. No flag takes a secret itself: it would land in shell history. */
export interface InitAnswers {
  name?: string;
  prometheusUrl?: string;
  alertmanagerUrl?: string[];
  pagerdutyUrl?: string;
  pagerdutyTokenEnv?: string;
  pagerdutyTokenFile?: string;
  pagerdutyTokenCommand?: string;
  pagerdutyFrom?: string;
  author?: string;
  readOnly?: boolean;
}

export interface InitResult {
  path: string;
  name: string;
  madeCurrent: boolean;
}

function splitUrls(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function contextFromAnswers(a: InitAnswers): ContextConfig {
  const ctx: ContextConfig = {};
  if (a.readOnly) ctx.read_only = true;
  if (a.author) ctx.author = a.author;
  if (a.prometheusUrl) ctx.prometheus = { url: checkUrl(a.prometheusUrl, '--prometheus-url') };
  const am = splitUrls(a.alertmanagerUrl);
  if (am.length > 0) ctx.alertmanager = { urls: am.map((u) => checkUrl(u, '--alertmanager-url')) };
  const tokenForms = [a.pagerdutyTokenEnv, a.pagerdutyTokenFile, a.pagerdutyTokenCommand].filter(Boolean);
  if (tokenForms.length > 1) throw usageError('give only one of --pagerduty-token-env, --pagerduty-token-file, --pagerduty-token-command');
  if (tokenForms.length === 1 || a.pagerdutyFrom || a.pagerdutyUrl) {
    ctx.pagerduty = {
      ...(a.pagerdutyUrl ? { url: checkUrl(a.pagerdutyUrl, '--pagerduty-url') } : {}),
      ...(a.pagerdutyTokenEnv ? { token_env: a.pagerdutyTokenEnv } : {}),
      ...(a.pagerdutyTokenFile ? { token_file: a.pagerdutyTokenFile } : {}),
      ...(a.pagerdutyTokenCommand ? { token_command: a.pagerdutyTokenCommand } : {}),
      ...(a.pagerdutyFrom ? { from: a.pagerdutyFrom } : {}),
    };
  }
  if (!ctx.prometheus && !ctx.alertmanager && !ctx.pagerduty) {
    throw usageError(
      'nothing to configure: no Prometheus, Alertmanager or PagerDuty given',
      'pass --prometheus-url, --alertmanager-url and/or --pagerduty-token-env (or run it in a terminal to be asked)',
    );
  }
  return ctx;
}

/** Adds (or with `force`, replaces) one context; makes it current when no context is current yet. */
export async function writeContext(store: ConfigStore, name: string, ctx: ContextConfig, force: boolean): Promise<InitResult> {
  const existing = store.exists() ? store.read().config : {};
  const contexts = { ...(existing.contexts ?? {}) };
  if (Object.hasOwn(contexts, name) && !force) {
    throw new OncallError('usage', `context ${name} already exists in ${store.path}`, { hint: 'pass --force to replace it, or pick another --name' });
  }
  contexts[name] = ctx;
  const madeCurrent = !existing.current_context || !Object.hasOwn(contexts, existing.current_context);
  await store.write({ ...existing, contexts, ...(madeCurrent ? { current_context: name } : {}) });
  return { path: store.path, name, madeCurrent };
}

async function ask(rl: Prompter, question: string, fallback = ''): Promise<string> {
  const answer = ((await rl.ask(`${question}${fallback ? ` [${fallback}]` : ''}: `)) ?? '').trim();
  return answer || fallback;
}

/** The interactive flow: one question per setting, blank skips a source. */
export async function promptAnswers(io: Io, given: InitAnswers): Promise<InitAnswers> {
  const rl = createPrompter(io);
  try {
    io.stderr.write('Setting up an oncall context. Leave a source blank to skip it. Secrets are never stored here:\n');
    io.stderr.write('you name an environment variable, a file or a command that prints the PagerDuty token.\n');
    const name = given.name ?? (await ask(rl, 'Context name', 'default'));
    const prometheusUrl = given.prometheusUrl ?? ((await ask(rl, 'Prometheus URL (e.g. http://localhost:9090)')) || undefined);
    const am = given.alertmanagerUrl ?? [await ask(rl, 'Alertmanager URL(s), comma-separated')];
    const tokenEnv =
      given.pagerdutyTokenEnv ??
      (given.pagerdutyTokenFile || given.pagerdutyTokenCommand
        ? undefined
        : (await ask(rl, 'Environment variable holding the PagerDuty API token (blank: no PagerDuty)', 'PAGERDUTY_API_TOKEN')) || undefined);
    const wantsPd = Boolean(tokenEnv || given.pagerdutyTokenFile || given.pagerdutyTokenCommand);
    const from = given.pagerdutyFrom ?? (wantsPd ? (await ask(rl, 'Your PagerDuty login email (From header for writes)')) || undefined : undefined);
    const author = given.author ?? ((await ask(rl, 'Author name for silences', io.env.USER ?? '')) || undefined);
    const readOnly = given.readOnly ?? /^y/i.test(await ask(rl, 'Read-only context (no silences, acks)? y/N', 'n'));
    return { ...given, name, prometheusUrl, alertmanagerUrl: am, pagerdutyTokenEnv: tokenEnv, pagerdutyFrom: from, author, readOnly };
  } finally {
    rl.close();
  }
}

export async function runInit(io: Io, dir: string | undefined, answers: InitAnswers, interactive: boolean, force: boolean): Promise<InitResult> {
  const store = openConfigStore(dir);
  // Read first so that a broken file is reported before anyone answers questions.
  if (store.exists()) store.read();
  const final = interactive ? await promptAnswers(io, answers) : answers;
  const name = final.name ?? 'default';
  return writeContext(store, name, contextFromAnswers(final), force);
}
