import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { AuditLog, audited, type AuditEntry } from '../../src/actions/audit.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-audit-'));
  path = join(dir, 'sub', 'audit.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(): Promise<AuditEntry[]> {
  const text = await readFile(path, 'utf8');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEntry);
}

const base = { context: 'prod', user: 'alice', action: 'silence.create', target: 'alertname=Foo' };

describe('audited', () => {
  it('writes a started line before the request and an ok line with the ids after', async () => {
    const log = new AuditLog(path);
    let seenDuringRun: AuditEntry[] = [];
    const result = await audited(
      log,
      base,
      async () => {
        seenDuringRun = await lines();
        return { silenceID: 'abc-123' };
      },
      (r) => [r.silenceID],
    );
    expect(result).toEqual({ silenceID: 'abc-123' });
    expect(seenDuringRun).toHaveLength(1);
    expect(seenDuringRun[0]?.outcome).toBe('started');
    const all = await lines();
    expect(all.map((l) => l.outcome)).toEqual(['started', 'ok']);
    expect(all[0]?.op).toBe(all[1]?.op);
    expect(all[1]).toMatchObject({ ...base, ids: ['abc-123'] });
    expect(Number.isNaN(Date.parse(all[0]!.time))).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('records a failed line with a one-line, redacted error and rethrows', async () => {
    const log = new AuditLog(path);
    const boom = new OncallError('auth', 'rejected Authorization: Token token=sekrit123\nmore', { source: 'pagerduty' });
    await expect(audited(log, { ...base, action: 'incident.ack', target: 'P123' }, async () => Promise.reject(boom))).rejects.toBe(boom);
    const all = await lines();
    expect(all.map((l) => l.outcome)).toEqual(['started', 'failed']);
    expect(all[1]?.error).toContain('pagerduty:');
    expect(all[1]?.error).not.toContain('\n');
    expect(await readFile(path, 'utf8')).not.toContain('sekrit123');
  });

  it('leaves a lone started line when the process dies mid-request', async () => {
    const log = new AuditLog(path);
    // a run that never settles stands for a crash between the two lines
    void audited(log, base, () => new Promise<never>(() => {}));
    await expect.poll(async () => (await lines().catch(() => [])).length).toBe(1);
    expect((await lines())[0]?.outcome).toBe('started');
  });

  it('does not run the write when the audit log cannot be written', async () => {
    await writeFile(join(dir, 'sub'), 'a file where the directory should be');
    const log = new AuditLog(path);
    let ran = false;
    await expect(
      audited(log, base, async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ kind: 'config' });
    expect(ran).toBe(false);
  });

  it('marks dry runs', async () => {
    await audited(new AuditLog(path), { ...base, dryRun: true }, async () => 1);
    expect((await lines()).every((l) => l.dry_run === true)).toBe(true);
  });

  it('fixes the mode of an existing, wider file', async () => {
    const log = new AuditLog(path);
    await log.append({ time: new Date().toISOString(), op: 'x', outcome: 'ok', ...base });
    await chmod(path, 0o644);
    await log.append({ time: new Date().toISOString(), op: 'y', outcome: 'ok', ...base });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps lines whole when many writers append at once', async () => {
    const logs = [new AuditLog(path), new AuditLog(path), new AuditLog(path)];
    const target = 'x'.repeat(5000);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => logs[i % 3]!.append({ time: 't', op: String(i), outcome: 'ok', ...base, target })),
    );
    const all = await lines();
    expect(all).toHaveLength(60);
    expect(new Set(all.map((l) => l.op)).size).toBe(60);
  });

  it('just runs when there is no log', async () => {
    expect(await audited(undefined, base, async () => 7)).toBe(7);
  });
});
