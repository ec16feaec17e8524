import { afterEach, expect, it, vi } from 'vitest';

// Ink colours through chalk, which finds no colour terminal under the test runner: forced before Ink loads.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});
import { cleanup, render } from 'ink-testing-library';
import { SloStrip } from '../../src/ui/components/SloStrip.js';
import { makeTheme } from '../../src/ui/theme.js';
import { slo } from '../state/fixtures.js';

afterEach(() => cleanup());

const theme = makeTheme({ ascii: false, color: true, hyperlinks: false });
/** The SGR colour in force where `text` starts on the line. */
const colorAt = (line: string, text: string) => /\u001b\[(\d+)m[^\u001b]*$/.exec(line.slice(0, line.indexOf(text)))?.[1];

it('over several contexts greys out the SLO rows of the context whose Prometheus fails, not a live breach in the other', () => {
  const rows = [slo('search', { status: 'critical', name: 'Search', context: 'prod-us' }), slo('web', { name: 'Web', context: 'prod-eu' })];
  const { lastFrame } = render(<SloStrip rows={rows} cursor={0} height={2} width={100} focused={false} stale={false} staleContexts={new Set(['prod-eu'])} theme={theme} empty="" contextWidth={8} />);
  const line = (name: string) => lastFrame()!.split('\n').find((l) => l.includes(name)) ?? '';
  const muted = colorAt(line('Web'), 'ok');
  expect(muted).toBe('90');
  expect(colorAt(line('Search'), 'CRITICAL')).toBe('31');
});
