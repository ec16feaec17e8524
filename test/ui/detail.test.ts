import { describe, expect, it } from 'vitest';
import { detailLines } from '../../src/ui/detail.js';
import { makeTheme } from '../../src/ui/theme.js';
import { alert, incident, state } from '../state/fixtures.js';

const theme = makeTheme({ ascii: false, color: false, hyperlinks: false });

describe('incident details', () => {
  it('says how many related alerts it left out', () => {
    const alerts = Array.from({ length: 8 }, (_, i) => alert(`f${i}`, { alertname: 'HighCPU', service: 'checkout', instance: `web-${i}` }));
    const s = state({ focus: 'incidents', alerts, incidents: [incident('P1', { service: { id: 'S1', name: 'checkout' } })] });
    const text = detailLines(s, theme).map((l) => l.text);
    expect(text).toContain('related alerts (8)');
    expect(text.filter((t) => t.includes('HighCPU web-'))).toHaveLength(5);
    expect(text).toContain('  … and 3 more');
  });
});
