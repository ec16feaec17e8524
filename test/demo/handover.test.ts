import { describe, expect, it } from 'vitest';
import { useDemoCli } from './helpers/demoCli.js';

/** The shift report on the demo stack: every part read, in Markdown by default and JSON on request. */
const oncall = useDemoCli();

type Json = { incidents: Array<{ incident: { number: number } }>; open: Array<{ incident: { status: string }; ackedForSeconds: number | null }>; firing: unknown[]; slos: Array<{ status: string }>; failures: string[] };

describe('oncall handover', () => {
  it('writes the shift report in Markdown, with every section', async () => {
    const { code, out, err } = await oncall(['handover']);
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const heading of ['# On-call handover', '## Incidents this shift', '## Still open', '## Silences ending next shift', '## On call next', '## SLOs at risk or breached', '## Firing now']) {
      expect(out).toContain(heading);
    }
    expect(out).toMatch(/MTTA .* MTTR .* response targets met/);
  });

  it('gives the same content as JSON, and acked incidents say for how long', async () => {
    const h = JSON.parse((await oncall(['handover', '-o', 'json'])).out) as Json;
    expect(h.failures).toEqual([]);
    expect(h.open.length).toBeGreaterThan(0);
    for (const o of h.open.filter((x) => x.incident.status === 'acknowledged')) expect(o.ackedForSeconds).toBeGreaterThan(0);
    expect(h.firing.length).toBeGreaterThan(0);
    expect(h.slos.some((s) => s.status !== 'healthy')).toBe(true);
  });

  it('names a source it could not read and still reports the rest (exit 1)', async () => {
    const { code, out, err } = await oncall(['handover', '--alertmanager-url', 'http://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(err).toMatch(/handover: alertmanager: /);
    expect(out).toContain('> **Not read:** alertmanager');
    expect(out).toContain('## Still open');
  });
});
