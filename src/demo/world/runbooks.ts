import { ALERTS } from './alerts.js';

/**
 * Markdown runbooks for the main demo alerts, written to a folder the demo context points at. They use
 * Prometheus-style templates, as real runbooks do: one runbook serves every alert of its name, and the
 * pane fills in the selected alert's own values (ErrorBudgetBurn fires for payments and for api).
 */

const STEPS: Record<string, string[]> = {
  TransactionFailureRateHigh: [
    'Check the provider status page and the `payment_transactions_total{result="failure"}` split by `reason`.',
    'If one provider is failing, switch routing: `payments-cli route set --provider backup`.',
    'Tell #{{ $labels.service }} and open a status page incident if failures stay above 2% for 15 minutes.',
  ],
  ErrorBudgetBurn: [
    'Find the SLO `{{ $labels.slo }}` in the dashboard (`:slo`) and press enter for the burn-rate breakdown.',
    'While the budget burns, stop deploys to {{ $labels.service }}: `deployctl freeze {{ $labels.service }}`.',
    'Work the underlying alert; the burn alert clears once the 5m/1h (or 30m/6h) windows recover.',
  ],
  APIErrorRateElevated: [
    'Compare the error ratio with the last deploy time: `kubectl rollout history deploy/{{ $labels.service }}`.',
    'Roll back if the rise started with the deploy: `kubectl rollout undo deploy/{{ $labels.service }}`.',
  ],
  OrdersQueueBacklog: [
    'Scale the workers: `kubectl scale deploy/order-worker --replicas=12`.',
    'Check `SlowQueries` and the orders-db dashboard: slow inserts back the queue up.',
  ],
  SearchIndexLag: ['During a planned reindex this is expected; check CHG tickets.', 'Otherwise restart the indexer: `kubectl rollout restart deploy/search-indexer`.'],
  DiskSpaceLow: [
    "Find what grew on {{ $labels.instance }}: `ssh {{ $labels.instance }} 'du -xh /var/lib/postgresql' | sort -h | tail`.",
    'Archive old WAL: `pgbackrest expire --stanza={{ $labels.service }}`.',
  ],
  KubePodCrashLooping: ['`kubectl describe pod {{ $labels.pod }}` — look for OOMKilled.', 'Raise the memory limit or roll back the last change.'],
};

const DEFAULT_STEPS = [
  'Look at the {{ $labels.service }} dashboard for the time the alert started.',
  'Escalate to the {{ $labels.service }} team if it is not clear within 15 minutes.',
];

function runbook(alertname: string): string {
  return [
    `# ${alertname}`,
    '',
    'Service: {{ $labels.service }}',
    '',
    '## What it means',
    '',
    '{{ $annotations.summary }}. {{ $annotations.description }}',
    '',
    '## What to do',
    '',
    ...(STEPS[alertname] ?? DEFAULT_STEPS).map((s, i) => `${i + 1}. ${s}`),
    '',
  ].join('\n');
}

/** File name → content, one per alertname that has a runbook. */
export function runbookFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of ALERTS) {
    if (!def.runbook || out[`${def.alertname}.md`]) continue;
    out[`${def.alertname}.md`] = runbook(def.alertname);
  }
  return out;
}

/** The demo serves its runbooks itself on loopback (see stack.ts), so following a link never leaves the box. */
export function runbookUrl(baseUrl: string, alertname: string): string {
  return `${baseUrl}/${alertname}.md`;
}
