import { describe, expect, it } from 'vitest';
import type { Alert, Silence } from '../../src/domain/types.js';
import { prefetchFirstPoll } from '../../src/state/prefetch.js';
import type { AlertSource } from '../../src/state/ports.js';

/** An Alertmanager stand-in that counts its calls and keeps state in a private field, like the real clients. */
class CountingAlertmanager implements AlertSource {
  #alerts: Alert[] = [];
  calls = { alerts: 0, silences: 0, createSilence: 0 };
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
  createSilence(): Promise<string> {
    this.calls.createSilence++;
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
    const deps = prefetchFirstPoll({ alertmanager: am, slos: { load: async () => ({ reports: [{ n: ++sloLoads }], skipped: [] }) as never }, poll: { alertmanagerMs: 1 } });
    // Before any poller exists, the requests are already out.
    expect(am.calls).toMatchObject({ alerts: 1, silences: 1 });
    expect(sloLoads).toBe(1);

    expect(await deps.alertmanager!.alerts()).toEqual([]);
    expect((await deps.slos!.load()).reports).toEqual([{ n: 1 }]);
    expect(am.calls.alerts).toBe(1);

    await deps.alertmanager!.alerts();
    expect((await deps.slos!.load()).reports).toEqual([{ n: 2 }]);
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

  it('leaves writes alone: they go to the source, on the source object', async () => {
    const am = new CountingAlertmanager();
    const deps = prefetchFirstPoll({ alertmanager: am });
    expect(await deps.alertmanager!.createSilence({} as never)).toBe('silence-0');
    expect(am.calls.createSilence).toBe(1);
  });

  it('leaves missing sources missing', () => {
    expect(prefetchFirstPoll({ poll: 1 })).toEqual({ poll: 1 });
  });
});

describe('the first SLO load, started before the UI loads', () => {
  it('hands the figures that came before the trends to the first poll’s status callback, then the full answer', async () => {
    let release!: () => void;
    const trends = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const deps = prefetchFirstPoll({
      slos: {
        load: async (onStatus) => {
          loads++;
          onStatus?.({ reports: [{ id: 'early' }] as never[], skipped: [] });
          await trends;
          return { reports: [{ id: 'full' }] as never[], skipped: [] };
        },
      },
    });
    expect(loads).toBe(1);
    // The status arrived before anyone asked; the poller's callback still gets it.
    await new Promise((resolve) => setImmediate(resolve));
    const statuses: unknown[] = [];
    const answer = deps.slos!.load((snapshot) => statuses.push(snapshot.reports));
    expect(statuses).toEqual([[{ id: 'early' }]]);
    release();
    expect((await answer).reports).toEqual([{ id: 'full' }]);
    expect(loads).toBe(1);
  });

  it('keeps the SLO history read by the details, passed straight to the source', async () => {
    const asked: string[] = [];
    const deps = prefetchFirstPoll({
      slos: {
        load: async () => ({ reports: [], skipped: [] }),
        history: async (id: string) => (asked.push(id), { id } as never),
      },
    });
    expect(asked).toEqual([]);
    expect(await deps.slos!.history!('pay', 1000)).toEqual({ id: 'pay' });
    expect(asked).toEqual(['pay']);
  });
});
