import { OncallError } from '../domain/errors.js';
import { AlertmanagerClient, AlertmanagerCluster, type AlertmanagerApi, type PeerHealth } from '../sources/alertmanager/index.js';
import { PagerDutyClient, type IncidentFilter } from '../sources/pagerduty/client.js';
import { PrometheusClient } from '../sources/prometheus/client.js';
import { AuditLog } from '../actions/audit.js';
import type { ActionDeps } from '../actions/ports.js';
import type { ResolvedContext } from './context.js';

/** The composition root's builders: one client per source, from a resolved context. */

export type Alertmanager = AlertmanagerApi & { lastPeerHealth?(): PeerHealth[] };

export function alertmanagerFor(ctx: ResolvedContext): Alertmanager {
  const peers = ctx.alertmanagers;
  if (peers.length === 0) {
    throw new OncallError('config', `no Alertmanager configured for context ${ctx.name}`, {
      hint: 'set alertmanager.urls in the config (`oncall config init`), ALERTMANAGER_URL, or --alertmanager-url',
    });
  }
  return peers.length === 1 ? new AlertmanagerClient(peers[0]!) : new AlertmanagerCluster(peers);
}

export function prometheusFor(ctx: ResolvedContext): PrometheusClient {
  if (!ctx.prometheus) {
    throw new OncallError('config', `no Prometheus configured for context ${ctx.name}`, {
      hint: 'set prometheus.url in the config (`oncall config init`), PROMETHEUS_URL, or --prometheus-url',
    });
  }
  return new PrometheusClient(ctx.prometheus, ctx.prometheusEngine, ctx.prometheusDetect ? { detect: ctx.prometheusDetect } : {});
}

/**
 * Open incidents, however old. PagerDuty's default window is the last month, which would hide an
 * incident acknowledged five weeks ago and still open; open incidents are few, so ask for all time.
 */
export const OPEN_INCIDENTS: IncidentFilter = { statuses: ['triggered', 'acknowledged'], dateRange: 'all' };

/** The context's PagerDuty settings, or an error that says how to configure them. */
export function pagerdutySettings(ctx: ResolvedContext): NonNullable<ResolvedContext['pagerduty']> {
  if (!ctx.pagerduty) {
    throw new OncallError('config', `no PagerDuty configured for context ${ctx.name}`, {
      hint: 'set PAGERDUTY_API_TOKEN, or pagerduty.token_env / token_command in the config',
    });
  }
  return ctx.pagerduty;
}

export async function pagerdutyFor(ctx: ResolvedContext): Promise<PagerDutyClient> {
  const pd = pagerdutySettings(ctx);
  const token = await pd.token.get();
  return new PagerDutyClient({ transport: pd.transport, token, tokenType: pd.tokenType, tokenSource: pd.token.source, from: pd.from });
}

export function auditFor(ctx: ResolvedContext): AuditLog {
  return new AuditLog(ctx.auditPath);
}

/** Who a write is done as, for the audit line: the PagerDuty From email or the silence author. */
export function actor(ctx: ResolvedContext, source: 'alertmanager' | 'pagerduty'): string {
  return source === 'pagerduty' ? (ctx.pagerduty?.from ?? ctx.author) : ctx.author;
}

/** What every write command hands the actions: who, where the audit lines go, the clock. */
export function actionDepsFor(ctx: ResolvedContext): ActionDeps {
  return {
    audit: auditFor(ctx),
    context: { name: ctx.name, author: ctx.author, ...(ctx.pagerduty?.from ? { pdFrom: ctx.pagerduty.from } : {}) },
    now: () => new Date(),
    maxSilenceMs: ctx.maxSilenceMs,
  };
}
