import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { alertRows } from '../../src/state/selectors.js';
import { AlertList } from '../../src/ui/components/AlertList.js';
import { PaneTitle } from '../../src/ui/components/PaneTitle.js';
import { makeTheme } from '../../src/ui/theme.js';
import { alert, T0 } from '../state/fixtures.js';
import { plain } from './helpers.js';

const unicode = makeTheme({ ascii: false, color: true, hyperlinks: false });
const ascii = makeTheme({ ascii: true, color: true, hyperlinks: false });

describe('pane title (measured in ASCII, drawn with the rule glyph)', () => {
  it('draws box drawing across the width, leaving dashes typed in the title alone', () => {
    for (const focused of [true, false]) {
      const out = plain(renderToString(<PaneTitle title="Alerts" detail="filter: svc-1 -x" focused={focused} width={40} theme={unicode} />, { columns: 40 }));
      expect(out).toBe(`─ Alerts ─ filter: svc-1 -x ${'─'.repeat(12)}`);
    }
  });

  it('cuts an overlong title to the width, and ASCII mode keeps plain dashes', () => {
    expect(plain(renderToString(<PaneTitle title="Alerts" detail={'x'.repeat(50)} focused={false} width={20} theme={unicode} />, { columns: 20 }))).toBe(`─ Alerts ─ ${'x'.repeat(8)}…`);
    expect(plain(renderToString(<PaneTitle title="Alerts" focused width={16} theme={ascii} />, { columns: 16 }))).toBe('- Alerts -------');
  });
});

describe('alert rows (glyphs in their own text node)', () => {
  const alerts = [
    alert('a1', { alertname: 'HighCPU', service: 'search', severity: 'critical', instance: 'web-1' }, { annotations: { summary: 'CPU above 90% for 10 minutes on the web tier' } }),
    alert('a2', { alertname: 'HighCPU', service: 'search', severity: 'critical', instance: 'web-2' }, { silencedBy: ['s1'] }),
  ];
  const frame = (cursor: number, focused: boolean, width: number) =>
    plain(renderToString(<AlertList rows={alertRows(alerts, '')} cursor={cursor} marks={['a2']} height={3} width={width} focused={focused} now={T0} theme={unicode} />, { columns: width }));

  it('reads as one line per row: cursor, mark, severity glyph, then the text', () => {
    expect(frame(1, true, 60).split('\n')).toEqual([
      '  ▾ critical    ×2 HighCPU · search',
      '▶    ●    10m  web-1  CPU above 90% for 10 minutes on the w…',
      ' ●   ● S  10m  web-2  HighCPU on web-2',
    ]);
  });

  it('cuts a long row to the width with an ellipsis instead of wrapping it, down to panes too narrow for the glyph column', () => {
    for (const width of [40, 21, 12]) {
      const lines = frame(0, false, width).split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toHaveLength(width);
      expect(lines[1]!.endsWith('…')).toBe(true);
    }
    expect(frame(0, false, 40).split('\n')[1]).toBe('     ●    10m  web-1  CPU above 90% for…');
  });
});
