import { describe, expect, it } from 'vitest';
import { alertForIncident, blobToRaw, runbookAnnotation } from '../../../src/domain/runbook/locate.js';
import type { Alert, Incident } from '../../../src/domain/types.js';
import { alert as fixture } from '../../state/fixtures.js';

describe('blobToRaw', () => {
  it('rewrites GitHub blob pages to raw.githubusercontent.com', () => {
    expect(blobToRaw('https://github.com/acme/runbooks/blob/main/alerts/HighErrorRate.md')).toBe(
      'https://raw.githubusercontent.com/acme/runbooks/main/alerts/HighErrorRate.md',
    );
  });

  it('rewrites GitLab /-/blob/ pages to /-/raw/, self-hosted included, dropping the anchor', () => {
    expect(blobToRaw('https://gitlab.com/acme/ops/runbooks/-/blob/main/HighErrorRate.md')).toBe(
      'https://gitlab.com/acme/ops/runbooks/-/raw/main/HighErrorRate.md',
    );
    expect(blobToRaw('https://git.acme.internal/sre/rb/-/blob/v2/x.md#investigation')).toBe('https://git.acme.internal/sre/rb/-/raw/v2/x.md');
  });

  it('leaves other URLs alone', () => {
    for (const url of ['https://github.com/acme/runbooks', 'https://wiki.acme/HighErrorRate', 'https://raw.githubusercontent.com/a/b/main/x.md', 'not a url']) {
      expect(blobToRaw(url)).toBe(url);
    }
  });
});

const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}): Alert =>
  fixture(labels.alertname ?? 'x', labels, { annotations, startsAt: new Date(0), receivers: [] });

describe('runbookAnnotation', () => {
  it('prefers runbook_url, falls back to runbook', () => {
    expect(runbookAnnotation(alert({}, { runbook: 'b', runbook_url: 'a' }))).toEqual({ name: 'runbook_url', value: 'a' });
    expect(runbookAnnotation(alert({}, { runbook: ' https://x ' }))).toEqual({ name: 'runbook', value: 'https://x' });
    expect(runbookAnnotation(alert({}, { summary: 'x' }))).toBeUndefined();
  });
});

describe('alertForIncident', () => {
  const incident = (title: string, service = 'payments'): Pick<Incident, 'title' | 'service'> => ({ title, service: { id: 'P1', name: service } });
  const alerts = [alert({ alertname: 'Error' }), alert({ alertname: 'HighErrorRate', service: 'api' }), alert({ alertname: 'HighErrorRate', service: 'payments' })];

  it('finds the alert named in the title, the longest name and the same service first', () => {
    expect(alertForIncident(incident('[FIRING:2] HighErrorRate payments (critical)'), alerts)?.labels).toEqual({ alertname: 'HighErrorRate', service: 'payments' });
  });

  it('matches whole words only, and nothing when no alertname is in the title', () => {
    expect(alertForIncident(incident('ErrorBudget burn'), alerts)).toBeUndefined();
    expect(alertForIncident(incident('Disk full on db-1'), alerts)).toBeUndefined();
  });
});
