import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../src/domain/runbook/markdown.js';
import type { RunbookResult } from '../../src/domain/runbook/types.js';
import { reducer } from '../../src/state/reducer.js';
import { RunbookCache } from '../../src/state/runbooks.js';
import { runbookSubject, runbookView, selectedStep } from '../../src/state/runbookView.js';
import type { DashboardState } from '../../src/state/types.js';
import { alert, incident, state as baseState } from './fixtures.js';

await loadMarkdown();

const RUNBOOK = '# Disk\n\n## Steps\n\n1. Look\n   ```\n   df -h {{ $labels.mount }} on {{ $labels.instance }}\n   ```\n2. Clean\n';
const ok: RunbookResult = { status: 'ok', message: 'from test', runbook: parseRunbook(RUNBOOK), looked: [] };

const alerts = [
  alert('fp1', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'db-1', mount: '/data' }),
  alert('fp2', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'db-2', mount: '/data' }),
];

function state(patch: Partial<DashboardState> = {}): DashboardState {
  const s = baseState({ alerts, ...patch });
  return { ...s, runbook: { ...s.runbook, enabled: true } };
}

async function loadedCache(): Promise<RunbookCache> {
  const cache = new RunbookCache({ alert: async () => ok, incident: async () => ({ status: 'not_found', message: 'none', looked: [] }) });
  await cache.load(alerts[0]!);
  return cache;
}

describe('runbookView', () => {
  it('fills a group only with the labels its alerts share; an alert gets all of its own', async () => {
    const cache = await loadedCache();
    const group = runbookView(state(), cache); // the cursor starts on the group header
    expect(group.subject?.label).toBe('DiskFull · 2 alerts');
    expect(group.steps[0]?.code[0]?.body).toBe('df -h /data on ⟨$labels.instance?⟩');
    expect(group.missing).toEqual(['$labels.instance']);
    const one = runbookView(state({ cursor: { slo: 0, alerts: 2, incidents: 0, silences: 0 } }), cache, { ascii: true });
    expect(one.subject).toMatchObject({ key: 'fp2', label: 'DiskFull · db-2' });
    expect(one.steps[0]?.code[0]?.body).toBe('df -h /data on db-2');
    expect(one.missing).toEqual([]);
  });

  it('has no result until a load lands, and no subject outside the alerts and incidents', async () => {
    const empty = new RunbookCache({ alert: () => new Promise(() => {}), incident: () => new Promise(() => {}) });
    expect(runbookView(state(), empty).result).toBeUndefined();
    expect(runbookSubject(state({ focus: 'slo' }))).toBeUndefined();
  });

  it("follows an incident to the alert named in its title, and keeps marks under that alert's key", () => {
    const s = state({ focus: 'incidents', incidents: [incident('P1', { number: 7, title: 'DiskFull on db' })] });
    expect(runbookSubject(s)).toMatchObject({ key: 'fp1', label: '#7 → DiskFull · db-1' });
    const lone = state({ focus: 'incidents', incidents: [incident('P2', { number: 8, title: 'Checkout slow' })] });
    expect(runbookSubject(lone)).toMatchObject({ key: 'incident:P2', label: '#8 · checkout' });
  });
});

describe('runbook pane state', () => {
  it('keeps the step per selection: another alert starts at its first step', async () => {
    const cache = await loadedCache();
    let s = reducer(state(), { type: 'runbookStep', subject: 'g:x', step: 1 });
    s = reducer(s, { type: 'runbookShift', subject: 'g:x', shift: 16 });
    expect(s.runbook).toMatchObject({ subject: 'g:x', step: 1, shift: 16 });
    s = reducer(s, { type: 'runbookStep', subject: 'fp1', step: 1 });
    expect(s.runbook).toMatchObject({ subject: 'fp1', step: 1, shift: 0 });
    // A step index kept from a longer runbook is clamped to this one's steps.
    const view = runbookView({ ...s, cursor: { ...s.cursor, alerts: 1 }, runbook: { ...s.runbook, step: 9 } }, cache);
    expect(selectedStep({ ...s, cursor: { ...s.cursor, alerts: 1 }, runbook: { ...s.runbook, step: 9 } }, view)).toBe(1);
  });

  it('focus needs the pane to exist; tab from the runbook goes on to the next list and leaves its zoom', () => {
    const off = baseState();
    expect(reducer(off, { type: 'runbookFocus', focused: true })).toBe(off);
    let s = reducer(state(), { type: 'runbookFocus', focused: true });
    s = reducer(s, { type: 'toggleMaximize' });
    expect(s.runbook.focused && s.maximized).toBe(true);
    s = reducer(s, { type: 'focusNext', step: 1 });
    expect(s).toMatchObject({ focus: 'incidents', maximized: false, runbook: { focused: false } });
  });
});
