import { describe, expect, it } from 'vitest';
import type { HistoryReading, SloHistory } from '../../src/domain/slo/history.js';
import type { Alert, Silence, SilenceDraft } from '../../src/domain/types.js';
import type { PollerDeps } from '../../src/state/pollers.js';
import { prefetchFirstPoll } from '../../src/state/prefetch.js';
import type { AlertSource } from '../../src/state/ports.js';
import { slo } from './fixtures.js';

/** An Alertmanager stand-in that counts its calls and keeps state in a private field, like the real clients. */
class CountingAlertmanager implements AlertSource {
  #alerts: Alert[] = [];
  calls = { alerts: 0, silences: 0, createSilence: 0 };
  drafts: SilenceDraft[] = [];
  failNext = false;
  alerts(): Promise<Alert[]> {
    this.calls.alerts++;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('alertmanager down'));
    }
    return Promise.resolve([...this.#alerts]);
  }
  silences(): Promise<Silence[]> {
    this.calls.silences++;
    return Promise.resolve([]);
  }
  createSilence(draft: SilenceDraft): Promise<string> {
    this.calls.createSilence++;
    this.drafts.push(draft);
    return Promise.resolve(`silence-${this.#alerts.length}`);
  }
  updateSilence(): Promise<string> {
    return Promise.reject(new Error('unused'));
  }
  expireSilence(): Promise<void> {
    return Promise.resolve();
  }
}

describe('the first poll, started before the UI loads', () => {
  it('asks each source once at once, gives that answer to the first poll, and asks again for the next', async () => {
    const am = new CountingAlertmanager();
    let sloLoads = 0;
    const deps = prefetchFirstPoll({ alertmanager: am, slos: { load: async () => ({ reports: [slo(`load ${++sloLoads}`)], skipped: [] }) }, poll: { alertmanagerMs: 1 } });
    // Before any poller exists, the requests are already out.
    expect(am.calls).toMatchObject({ alerts: 1, silences: 1 });
    expect(sloLoads).toBe(1);

    expect(await deps.alertmanager!.alerts()).toEqual([]);
    expect((await deps.slos!.load()).reports.map((r) => r.id)).toEqual(['load 1']);
    expect(am.calls.alerts).toBe(1);

    await deps.alertmanager!.alerts();
    expect((await deps.slos!.load()).reports.map((r) => r.id)).toEqual(['load 2']);
    expect(am.calls.alerts).toBe(2);
    expect(deps.poll).toEqual({ alertmanagerMs: 1 });
  });

  it('hands a failed first answer to the first poll (which reports it), without an unhandled rejection before', async () => {
    const am = new CountingAlertmanager();
    am.failNext = true;
    const deps = prefetchFirstPoll({ alertmanager: am });
    // Give an unhandled rejection every chance to surface before anyone asks.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(deps.alertmanager!.alerts()).rejects.toThrow('alertmanager down');
    await expect(deps.alertmanager!.alerts()).resolves.toEqual([]);
  });

  it('leaves writes alone: they go to the source, on the source object, with their arguments', async () => {
    const am = new CountingAlertmanager();
    const deps = prefetchFirstPoll({ alertmanager: am });
    const draft: SilenceDraft = {
      matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
      startsAt: new Date(0), endsAt: new Date(3_600_000), createdBy: 'ada', comment: 'disk swap',
    };
    expect(await deps.alertmanager!.createSilence(draft)).toBe('silence-0');
    expect(am.calls.createSilence).toBe(1);
    expect(am.drafts).toEqual([draft]);
    expect(am.drafts[0]).toBe(draft);
  });

  it('leaves missing sources missing, and passes the other deps through', () => {
    const deps: PollerDeps = { poll: { alertmanagerMs: 1, pagerdutyMs: 2, prometheusMs: 3 } };
    // toStrictEqual: a source key present with the value undefined is not "missing".
    expect(prefetchFirstPoll(deps)).toStrictEqual({ poll: { alertmanagerMs: 1, pagerdutyMs: 2, prometheusMs: 3 } });
  });
});

describe('the first SLO load, started before the UI loads', () => {
  it('hands the figures that came before the trends to the first poll’s status callback, then the full answer', async () => {
    let release!: () => void;
    const trends = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const early = slo('early');
    const full = slo('full', { trend: [[0, 0.9995]] });
    const deps = prefetchFirstPoll({
      slos: {
        load: async (onStatus) => {
          loads++;
          onStatus?.({ reports: [early], skipped: [] });
          await trends;
          return { reports: [full], skipped: [] };
        },
      },
    });
    expect(loads).toBe(1);
    // The status arrived before anyone asked; the poller's callback still gets it.
    await new Promise((resolve) => setImmediate(resolve));
    const statuses: unknown[] = [];
    const answer = deps.slos!.load((snapshot) => statuses.push(snapshot.reports));
    expect(statuses).toEqual([[early]]);
    release();
    expect((await answer).reports).toEqual([full]);
    expect(loads).toBe(1);
  });

  it('keeps the SLO history read by the details, passed straight to the source with its range', async () => {
    const asked: string[] = [];
    const reading: HistoryReading = { query: 'sli', window: '1h', stepSeconds: 60, threshold: 0.999, periods: [] };
    const history: SloHistory = { from: new Date(0), to: new Date(1000), badStretches: reading, outages: null, breaches: reading, worst: null };
    const deps = prefetchFirstPoll({
      slos: {
        load: async () => ({ reports: [], skipped: [] }),
        history: async (id: string, rangeMs: number) => {
          asked.push(`${id} ${rangeMs}`);
          return history;
        },
      },
    });
    expect(asked).toEqual([]);
    expect(await deps.slos!.history!('pay', 1000)).toBe(history);
    expect(asked).toEqual(['pay 1000']);
  });
});
