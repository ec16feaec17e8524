/**
 * The demo context's `slos:` block, in the config-file shape that src/domain/slo/config.ts parses
 * (see test/fixtures/slo/sla-table.yaml). The metrics in ./metrics.ts are built to match it.
 */
export const DEMO_SLOS: Array<Record<string, unknown>> = [
  {
    name: 'Website availability',
    service: 'web',
    objective: '99.9%',
    window: '30d',
    critical: 'below 99.5%',
    sli: {
      query: 'sla:website_availability:ratio_30d',
      burn_query: 'avg(avg_over_time(probe_success{job="website"}[{{.window}}]))',
    },
  },
  {
    name: 'API availability',
    service: 'api',
    objective: '99.95%',
    window: '30d',
    critical: 'below 99.8%',
    sli: { ratio: { bad: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}' } },
  },
  {
    name: 'Transaction success',
    service: 'payments',
    objective: '99.8%',
    window: '30d',
    critical: 'below 99.5%',
    sli: { ratio: { good: 'payment_transactions_total{result="success"}', total: 'payment_transactions_total' } },
  },
  {
    name: 'Order processing',
    service: 'orders',
    window: '30d',
    critical: 'p95 over 60s',
    sli: { latency: { metric: 'order_processing_duration_seconds', le: '30', selector: '{job="orders"}', target: '95%' } },
  },
  {
    name: 'Search',
    service: 'search',
    window: '30d',
    critical: 'p95 over 3s',
    sli: { latency: { metric: 'http_request_duration_seconds', le: '1', selector: '{job="search"}', target: '95%' } },
  },
  {
    name: 'Checkout completion',
    service: 'checkout',
    objective: 'above 85%',
    window: '30d',
    critical: 'below 70%',
    sli: { ratio: { good: 'checkout_completed_total', total: 'checkout_started_total' } },
  },
];
