import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../src/domain/runbook/markdown.js';
import type { RunbookResult } from '../../src/domain/runbook/types.js';
import type { Alert } from '../../src/domain/types.js';
import { alertKey, RunbookCache, runbookForAlert, type RunbookFinders } from '../../src/state/runbooks.js';
import { alert as fixture } from './fixtures.js';

await loadMarkdown();

const alert = (fingerprint: string, alertname: string, extra: Record<string, string> = {}, annotations: Record<string, string> = {}): Alert =>
  fixture(fingerprint, { alertname, ...extra }, { annotations, startsAt: new Date(0), receivers: [] });

/** A finder whose answers the test releases by hand, counting calls. */
function controlledFinder() {
  const pending: Array<{ name: string; resolve: (r: RunbookResult) => void }> = [];
  const calls: string[] = [];
  const finders: RunbookFinders = {
    alert: (a) =>
      new Promise((resolve) => {
        calls.push(a.labels.alertname ?? '');
        pending.push({ name: a.labels.alertname ?? '', resolve });
      }),
    incident: (i) =>
      new Promise((resolve) => {
        calls.push(`incident:${i.service.name}`);
        pending.push({ name: i.service.name, resolve });
      }),
  };
  const answer = (text: string): RunbookResult => ({ status: 'ok', message: 'from test', runbook: parseRunbook(text), looked: [] });
  return { finders, calls, pending, answer };
}

describe('RunbookCache', () => {
  it('fetches once for every alert of a name, shares the in-flight load, and notifies', async () => {
    const f = controlledFinder();
    const cache = new RunbookCache(f.finders);
    let changes = 0;
    cache.subscribe(() => (changes += 1));
    const a1 = alert('fp1', 'HighErrorRate', { instance: 'a' });
    const a2 = alert('fp2', 'HighErrorRate', { instance: 'b' });
    expect(cache.ensure(a1)).toBeUndefined(); // render path: returns at once, starts a load
    const p = cache.load(a2);
    expect(cache.isLoading(a2)).toBe(true);
    expect(f.calls).toEqual(['HighErrorRate']);
    f.pending[0]!.resolve(f.answer('# Hi\n\n1. ssh {{ $labels.instance }}\n'));
    const result = await p;
    expect(cache.get(a1)).toBe(result);
    expect(cache.isLoading(a1)).toBe(false);
    expect(changes).toBeGreaterThanOrEqual(2); // started, landed
    await cache.load(a1);
    expect(f.calls).toHaveLength(1);
  });

  it('fills the shared runbook with each alert\'s own values', async () => {
    const f = controlledFinder();
    const cache = new RunbookCache(f.finders);
    const a1 = alert('fp1', 'HighErrorRate', { instance: 'web-1' });
    const p = cache.load(a1);
    f.pending[0]!.resolve(f.answer('# Hi\n\n1. ssh {{ $labels.instance }} {{ $labels.pod }}\n'));
    await p;
    const one = runbookForAlert(cache.get(a1), a1, { ascii: true });
    expect(one.runbook?.sections[0]!.steps[0]!.text).toBe('ssh web-1 <$labels.pod?>');
    expect(one.missing).toEqual(['$labels.pod']);
    const other = alert('fp2', 'HighErrorRate', { instance: 'web-2', pod: 'p-1' });
    expect(runbookForAlert(cache.get(other), other).runbook?.sections[0]!.steps[0]!.text).toBe('ssh web-2 p-1');
  });

  it('refresh forgets runbooks, ignores loads started before it, and keeps done marks', async () => {
    const f = controlledFinder();
    const cache = new RunbookCache(f.finders);
    const a = alert('fp1', 'DiskFull');
    const old = cache.load(a);
    cache.toggleDone(alertKey(a), 'steps#1');
    cache.refresh();
    f.pending[0]!.resolve(f.answer('# Old'));
    await old;
    expect(cache.get(a)).toBeUndefined(); // the stale answer did not land
    const fresh = cache.load(a);
    expect(f.calls).toEqual(['DiskFull', 'DiskFull']);
    f.pending[1]!.resolve(f.answer('# New'));
    expect((await fresh).runbook?.title).toBe('New');
    expect(cache.get(a)?.runbook?.title).toBe('New');
    expect(cache.isDone('fp1', 'steps#1')).toBe(true);
  });

  it('keeps done marks per alert', () => {
    const cache = new RunbookCache(controlledFinder().finders);
    expect(cache.toggleDone('fp1', 'a#1')).toBe(true);
    expect(cache.isDone('fp1', 'a#1')).toBe(true);
    expect(cache.isDone('fp2', 'a#1')).toBe(false);
    expect(cache.toggleDone('fp1', 'a#1')).toBe(false);
    expect(cache.doneSteps('fp1')).toEqual([]);
  });

  it('turns a finder that throws into a failed result instead of a stuck "loading"', async () => {
    const cache = new RunbookCache({ alert: () => Promise.reject(new Error('boom')), incident: () => Promise.reject(new Error('boom')) });
    const r = await cache.load(alert('fp', 'X'));
    expect(r).toMatchObject({ status: 'failed', message: 'boom' });
    expect(cache.isLoading(alert('fp', 'X'))).toBe(false);
  });

  it('shares an incident\'s runbook with the alert it was raised for', async () => {
    const f = controlledFinder();
    const cache = new RunbookCache(f.finders);
    const a = alert('fp1', 'HighErrorRate');
    const p = cache.load(a);
    f.pending[0]!.resolve(f.answer('# HER'));
    await p;
    const incident = { title: '[FIRING:1] HighErrorRate', service: { id: 'S', name: 'payments' } };
    expect(cache.getForIncident(incident, [a])?.runbook?.title).toBe('HER');
    const other = cache.loadForIncident({ title: 'Checkout down', service: { id: 'S', name: 'checkout' } }, [a]);
    expect(f.calls).toEqual(['HighErrorRate', 'incident:checkout']);
    f.pending[1]!.resolve(f.answer('# Checkout'));
    expect((await other).runbook?.title).toBe('Checkout');
  });
});
