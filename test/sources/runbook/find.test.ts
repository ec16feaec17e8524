import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/types.js';
import { findIncidentRunbook, findRunbook } from '../../../src/sources/runbook/find.js';
import { findLocalRunbook } from '../../../src/sources/runbook/local.js';
import { startRunbookServer, type RunbookServer } from './server.js';
import { alert as fixture } from '../../state/fixtures.js';

let srv: RunbookServer;
let root: string;
let folderA: string;
let folderB: string;

beforeAll(async () => {
  srv = await startRunbookServer();
  root = await mkdtemp(join(tmpdir(), 'oncall-runbooks-'));
  folderA = join(root, 'a');
  folderB = join(root, 'b');
  await mkdir(join(folderB, 'kubepodcrashlooping'), { recursive: true });
  await mkdir(folderA);
  await writeFile(join(folderA, 'HIGHERRORRATE.md'), '# Local HighErrorRate\n\n## Steps\n\n1. look\n');
  await writeFile(join(folderB, 'kubepodcrashlooping', 'Readme.md'), '# Crash loops (README)\n');
  await writeFile(join(folderB, 'payments.md'), '# Payments service runbook\n');
  await writeFile(join(root, 'secret.md'), '# not a runbook\n');
});

afterAll(async () => {
  await srv?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const alert = (alertname: string, annotations: Record<string, string> = {}): Alert =>
  fixture(`fp-${alertname}`, { alertname, service: 'payments' }, { annotations, startsAt: new Date(0), receivers: [] });

describe('findLocalRunbook', () => {
  it('finds <alertname>.md ignoring case, and <alertname>/README.md in a later folder', async () => {
    const a = await findLocalRunbook([folderA, folderB], 'HighErrorRate');
    expect(a.found?.path).toBe(join(folderA, 'HIGHERRORRATE.md'));
    expect(a.found?.runbook.title).toBe('Local HighErrorRate');
    const b = await findLocalRunbook([join(root, 'missing'), folderA, folderB], 'KubePodCrashLooping');
    expect(b.found?.path).toBe(join(folderB, 'kubepodcrashlooping', 'Readme.md'));
    expect(b.attempts.map((x) => x.outcome)).toEqual(['skipped', 'not_found', 'ok']);
  });

  it('never leaves the folders, whatever the alertname', async () => {
    const r = await findLocalRunbook([folderA], '../secret');
    expect(r.found).toBeUndefined();
  });
});

describe('findRunbook: annotation first, then folders', () => {
  const opts = () => ({ folders: [folderA, folderB], timeoutMs: 800 });

  it('uses the runbook_url when it answers with Markdown', async () => {
    const r = await findRunbook(alert('HighErrorRate', { runbook_url: `${srv.url}/HighErrorRate.md` }), opts());
    expect(r).toMatchObject({ status: 'ok', foundAt: { kind: 'url' }, link: `${srv.url}/HighErrorRate.md` });
    expect(r.runbook?.title).toBe('HighErrorRate');
    expect(r.looked).toHaveLength(1);
  });

  it('falls back to a local file after a 404 and says so', async () => {
    const r = await findRunbook(alert('HighErrorRate', { runbook_url: `${srv.url}/gone.md` }), opts());
    expect(r.status).toBe('ok');
    expect(r.foundAt).toEqual({ kind: 'file', location: join(folderA, 'HIGHERRORRATE.md') });
    expect(r.message).toContain('404');
    expect(r.looked.map((l) => [l.kind, l.outcome])).toEqual([
      ['annotation', 'not_found'],
      ['folder', 'ok'],
    ]);
  });

  it('shows an HTML runbook as a link when there is no local copy', async () => {
    const r = await findRunbook(alert('SomethingElse', { runbook: `${srv.url}/wiki/HighErrorRate` }), opts());
    expect(r).toMatchObject({ status: 'link_only', link: `${srv.url}/wiki/HighErrorRate` });
    expect(r.runbook).toBeUndefined();
    expect(r.looked.map((l) => l.outcome)).toEqual(['link_only', 'not_found', 'not_found']);
  });

  it('reports a slow runbook server as failed, listing every place it looked', async () => {
    const started = Date.now();
    const r = await findRunbook(alert('NoLocalCopy', { runbook_url: `${srv.url}/slow.md` }), opts());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.status).toBe('failed');
    expect(r.message).toContain('no answer within 0.8s');
    expect(r.looked).toHaveLength(3);
  });

  it('says where it looked when nothing is found', async () => {
    const r = await findRunbook(alert('Unknown'), opts());
    expect(r).toMatchObject({ status: 'not_found', message: 'no runbook (looked in 2 places)' });
    expect((await findRunbook(alert('Unknown'), { folders: [] })).message).toMatch(/no runbook_url annotation and no runbook folders/);
  });
});

describe('findIncidentRunbook', () => {
  const opts = () => ({ folders: [folderA, folderB] });
  it('goes through the alert named in the title', async () => {
    const r = await findIncidentRunbook({ title: '[FIRING:1] HighErrorRate payments', service: { id: 'S', name: 'payments' } }, [alert('HighErrorRate')], opts());
    expect(r.runbook?.title).toBe('Local HighErrorRate');
  });

  it('else uses the service name', async () => {
    const r = await findIncidentRunbook({ title: 'Checkout is slow', service: { id: 'S', name: 'Payments' } }, [alert('HighErrorRate')], opts());
    expect(r.runbook?.title).toBe('Payments service runbook');
  });
});
