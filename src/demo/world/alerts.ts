import type { Labels } from '../../domain/types.js';
import { hash01 } from './random.js';

/**
 * The demo's alerts: some fire for the whole demo (the incidents behind the SLA story), others
 * flap on a deterministic schedule so the screen changes every few minutes. Critical/warning pairs
 * with the same alertname and service show inhibition; seed silences in ./silences.ts mute others.
 */

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertDef {
  alertname: string;
  service: string;
  severity: Severity;
  summary: string;
  description: string;
  expr: string;
  extra?: Labels;
  /** Hours before the demo started that a steady alert began firing. */
  since?: number;
  /** A flapping alert: a cycle of `period` minutes, firing for about `duty` of it. */
  period?: number;
  duty?: number;
  /** There is a runbook for it. */
  runbook?: boolean;
}

const steady = (d: Omit<AlertDef, 'period' | 'duty'>): AlertDef => d;
const flap = (d: AlertDef): AlertDef => d;

export const ALERTS: AlertDef[] = [
  steady({ alertname: 'TransactionFailureRateHigh', service: 'payments', severity: 'critical', since: 2, runbook: true, expr: 'sum(rate(payment_transactions_total{result="failure"}[5m])) / sum(rate(payment_transactions_total[5m])) > 0.02', summary: 'Payment failures at 4% (limit 2%)', description: 'The card processor is returning timeouts for a share of authorisations. Transaction success SLO is breached.' }),
  steady({ alertname: 'TransactionFailureRateHigh', service: 'payments', severity: 'warning', since: 2.1, runbook: true, expr: 'sum(rate(payment_transactions_total{result="failure"}[5m])) / sum(rate(payment_transactions_total[5m])) > 0.005', summary: 'Payment failures above 0.5%', description: 'Failures are above the warning level.' }),
  steady({ alertname: 'ErrorBudgetBurn', service: 'payments', severity: 'critical', since: 1.8, runbook: true, extra: { slo: 'transaction-success', window: '1h' }, expr: 'slo burn rate over 1h and 5m > 14.4', summary: 'Transaction success is burning its error budget at 20x', description: 'At this rate the rest of the monthly budget is gone within hours.' }),
  steady({ alertname: 'ErrorBudgetBurn', service: 'api', severity: 'warning', since: 0.6, runbook: true, extra: { slo: 'api-availability', window: '6h' }, expr: 'slo burn rate over 6h and 30m > 1', summary: 'API availability has under 25% of its budget left', description: 'Most of the month\'s budget went in the incident 9 days ago; a small rise in 5xx is eating the rest.' }),
  steady({ alertname: 'APIErrorRateElevated', service: 'api', severity: 'warning', since: 0.7, runbook: true, expr: 'sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m])) > 0.0005', summary: '5xx ratio on the API is 0.07%', description: 'Mostly 500s from /v2/orders since the 14:05 deploy.' }),
  steady({ alertname: 'PaymentProviderLatencyHigh', service: 'payments', severity: 'warning', since: 2.3, expr: 'histogram_quantile(0.99, sum by (le) (rate(provider_request_duration_seconds_bucket[5m]))) > 2', summary: 'p99 to the card processor is 4.2s', description: 'The upstream provider status page reports degraded performance in EU.' }),
  steady({ alertname: 'OrdersQueueBacklog', service: 'orders', severity: 'critical', since: 0.4, runbook: true, expr: 'orders_queue_depth > 500', summary: 'Order queue depth above 500', description: 'Workers are not keeping up; orders take minutes to confirm.' }),
  steady({ alertname: 'OrdersQueueBacklog', service: 'orders', severity: 'warning', since: 0.5, runbook: true, expr: 'orders_queue_depth > 200', summary: 'Order queue depth above 200', description: 'Queue growing.' }),
  steady({ alertname: 'HighCPU', service: 'search', severity: 'critical', since: 1.2, extra: { instance: 'search-2' }, expr: 'node_cpu_utilisation > 0.95', summary: 'search-2 CPU at 97%', description: 'A reindex job is running on search-2.' }),
  steady({ alertname: 'HighCPU', service: 'search', severity: 'warning', since: 1.3, extra: { instance: 'search-2' }, expr: 'node_cpu_utilisation > 0.8', summary: 'search-2 CPU above 80%', description: 'CPU high.' }),
  steady({ alertname: 'SearchIndexLag', service: 'search', severity: 'warning', since: 1.1, runbook: true, expr: 'search_index_lag_seconds > 600', summary: 'Search index 25 minutes behind', description: 'Expected during the planned reindex.' }),
  steady({ alertname: 'DiskSpaceLow', service: 'orders', severity: 'warning', since: 6, extra: { instance: 'db-2a' }, runbook: true, expr: 'disk_free_ratio < 0.1', summary: 'db-2a has 8% disk left', description: 'WAL archive growing; cleanup scheduled.' }),
  steady({ alertname: 'CertificateExpiringSoon', service: 'web', severity: 'info', since: 30, expr: 'probe_ssl_earliest_cert_expiry - time() < 14 * 86400', summary: 'shop.example.com certificate expires in 9 days', description: 'Renewal is automated; this fires if it has not happened yet.' }),
  steady({ alertname: 'KubePodCrashLooping', service: 'checkout', severity: 'warning', since: 0.3, extra: { pod: 'checkout-worker-7d9f' }, runbook: true, expr: 'rate(kube_pod_container_status_restarts_total[15m]) > 0', summary: 'checkout-worker-7d9f restarted 6 times in 15 minutes', description: 'OOMKilled: memory limit 512Mi.' }),
  steady({ alertname: 'BackupStale', service: 'payments', severity: 'info', since: 9, expr: 'time() - backup_last_success_timestamp_seconds > 86400', summary: 'Nightly ledger backup is 33 hours old', description: 'Last night\'s run was skipped during the maintenance window.' }),
  flap({ alertname: 'HighRequestLatency', service: 'web', severity: 'warning', period: 17, duty: 0.5, runbook: true, expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="web"}[5m]))) > 1', summary: 'p95 page load above 1s', description: 'Static assets served slowly from one CDN edge.' }),
  flap({ alertname: 'HTTP5xxSpike', service: 'web', severity: 'critical', period: 23, duty: 0.3, runbook: true, expr: 'sum(rate(http_requests_total{job="web",code=~"5.."}[1m])) > 5', summary: 'Website returning 5xx errors', description: 'Bursts of 502 from the load balancer.' }),
  flap({ alertname: 'NodeMemoryHigh', service: 'api', severity: 'warning', period: 29, duty: 0.6, extra: { instance: 'api-1' }, expr: 'node_memory_utilisation > 0.9', summary: 'api-1 memory at 92%', description: 'Memory climbs until the nightly restart.' }),
  flap({ alertname: 'NodeMemoryHigh', service: 'api', severity: 'warning', period: 31, duty: 0.4, extra: { instance: 'api-2' }, expr: 'node_memory_utilisation > 0.9', summary: 'api-2 memory at 91%', description: 'Memory climbs until the nightly restart.' }),
  flap({ alertname: 'SlowQueries', service: 'orders', severity: 'warning', period: 13, duty: 0.4, expr: 'rate(pg_slow_queries_total[5m]) > 1', summary: 'More than 1 slow query a second on orders-db', description: 'A missing index on orders.created_at.' }),
  flap({ alertname: 'CacheHitRateLow', service: 'search', severity: 'info', period: 11, duty: 0.5, expr: 'search_cache_hit_ratio < 0.6', summary: 'Search cache hit rate 52%', description: 'Cold cache after the reindex.' }),
  flap({ alertname: 'ConnectionPoolSaturated', service: 'payments', severity: 'warning', period: 19, duty: 0.35, expr: 'db_pool_in_use / db_pool_size > 0.9', summary: 'payments DB pool 95% in use', description: 'Retries against the provider hold connections.' }),
  flap({ alertname: 'CheckoutConversionDrop', service: 'checkout', severity: 'warning', period: 31, duty: 0.4, runbook: true, expr: 'sum(rate(checkout_completed_total[30m])) / sum(rate(checkout_started_total[30m])) < 0.8', summary: 'Checkout completion at 78% over 30 minutes', description: 'Tied to payment failures.' }),
  flap({ alertname: 'KafkaConsumerLag', service: 'orders', severity: 'warning', period: 9, duty: 0.5, extra: { topic: 'order-events' }, expr: 'kafka_consumergroup_lag > 10000', summary: 'order-events consumer lag above 10k', description: 'Consumers rebalancing.' }),
  flap({ alertname: 'TLSHandshakeErrors', service: 'web', severity: 'info', period: 14, duty: 0.3, expr: 'rate(tls_handshake_errors_total[5m]) > 1', summary: 'TLS handshake errors from old clients', description: 'Clients without TLS 1.2.' }),
  flap({ alertname: 'ReplicaLag', service: 'api', severity: 'warning', period: 21, duty: 0.45, extra: { instance: 'api-db-replica-1' }, expr: 'pg_replication_lag_seconds > 30', summary: 'Read replica 45s behind', description: 'Large batch update on the primary.' }),
  flap({ alertname: 'RateLimited', service: 'api', severity: 'info', period: 7, duty: 0.5, expr: 'sum(rate(http_requests_total{job="api",code="429"}[5m])) > 10', summary: 'Clients hitting the API rate limit', description: 'One partner integration retries too fast.' }),
  flap({ alertname: 'GCPauseLong', service: 'search', severity: 'warning', period: 16, duty: 0.4, extra: { instance: 'search-1' }, expr: 'jvm_gc_pause_seconds_max > 1', summary: 'search-1 GC pauses over 1s', description: 'Heap pressure during reindex.' }),
  flap({ alertname: 'JobFailed', service: 'orders', severity: 'info', period: 25, duty: 0.5, extra: { job_name: 'invoice-export' }, expr: 'kube_job_status_failed > 0', summary: 'invoice-export job failed', description: 'SFTP target unreachable; retried hourly.' }),
  flap({ alertname: 'HighCPU', service: 'checkout', severity: 'warning', period: 27, duty: 0.3, extra: { instance: 'checkout-1' }, expr: 'node_cpu_utilisation > 0.8', summary: 'checkout-1 CPU above 80%', description: 'Traffic peak.' }),
  flap({ alertname: 'HighCPU', service: 'web', severity: 'warning', period: 35, duty: 0.35, extra: { instance: 'web-2' }, expr: 'node_cpu_utilisation > 0.8', summary: 'web-2 CPU above 80%', description: 'Image resizing burst.' }),
  flap({ alertname: 'EndpointDown', service: 'checkout', severity: 'critical', period: 41, duty: 0.15, extra: { instance: 'checkout-2' }, runbook: true, expr: 'up{job="checkout"} == 0', summary: 'checkout-2 is not answering scrapes', description: 'Node being drained for a kernel update.' }),
  flap({ alertname: 'PaymentWebhookBacklog', service: 'payments', severity: 'warning', period: 15, duty: 0.45, expr: 'payment_webhooks_pending > 100', summary: 'Provider webhooks pending: 140', description: 'Webhook worker slow while the provider retries.' }),
  flap({ alertname: 'SearchErrorsElevated', service: 'search', severity: 'warning', period: 19, duty: 0.25, expr: 'sum(rate(http_requests_total{job="search",code=~"5.."}[5m])) > 1', summary: 'Search 5xx above 1/s', description: 'Timeouts from the index shards being rebuilt.' }),
  flap({ alertname: 'CronJobLate', service: 'web', severity: 'info', period: 33, duty: 0.4, extra: { job_name: 'sitemap-generate' }, expr: 'time() - cronjob_last_schedule_time > 7200', summary: 'sitemap-generate has not run for 2 hours', description: 'Suspended during the CDN migration.' }),
  flap({ alertname: 'OrderConfirmationSlow', service: 'orders', severity: 'critical', period: 37, duty: 0.2, runbook: true, expr: 'histogram_quantile(0.95, sum by (le) (rate(order_processing_duration_seconds_bucket[5m]))) > 60', summary: 'p95 order confirmation above 60s', description: 'Backlog in the orders queue.' }),
];

export interface Firing {
  def: AlertDef;
  labels: Labels;
  startsAt: number;
}

export function alertLabels(def: AlertDef): Labels {
  return { alertname: def.alertname, service: def.service, severity: def.severity, env: 'prod', ...(def.extra ?? {}) };
}

/** When flapping alert `i` last started and whether it fires at `t` (seconds). Pure in (seed, i, t). */
export function schedule(def: AlertDef, i: number, t: number, anchor: number, seed: number): { firing: boolean; startsAt: number; endsAt: number } {
  if (def.period === undefined) {
    return { firing: true, startsAt: anchor - (def.since ?? 1) * 3600, endsAt: Infinity };
  }
  const period = def.period * 60;
  const offset = hash01(seed, i, 7) * period;
  const window = (k: number): { start: number; end: number } => {
    const base = anchor - offset + k * period;
    const start = base + hash01(seed, i, k) * period * (1 - (def.duty ?? 0.5));
    const length = period * (def.duty ?? 0.5) * (0.6 + 0.4 * hash01(seed, i, k, 1));
    return { start: Math.round(start), end: Math.round(start + length) };
  };
  const k = Math.floor((t - (anchor - offset)) / period);
  const w = window(k);
  if (t >= w.start && t < w.end) return { firing: true, startsAt: w.start, endsAt: w.end };
  const last = t >= w.end ? w : window(k - 1);
  return { firing: false, startsAt: last.start, endsAt: last.end };
}

export function firingAt(t: number, anchor: number, seed: number): Firing[] {
  const out: Firing[] = [];
  ALERTS.forEach((def, i) => {
    const s = schedule(def, i, t, anchor, seed);
    if (s.firing) out.push({ def, labels: alertLabels(def), startsAt: s.startsAt });
  });
  return out;
}
