import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../../src/domain/runbook/markdown.js';
import { renderRunbookLines, renderRunbookText } from '../../../src/domain/runbook/render.js';
import { fillRunbook } from '../../../src/domain/runbook/template.js';
import { osc8 } from '../../../src/domain/runbook/terminal.js';

await loadMarkdown();

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/runbooks/${name}`, import.meta.url), 'utf8');

describe('renderRunbookText', () => {
  const rb = fillRunbook(parseRunbook(fixture('HighErrorRate.md')), {
    labels: { service: 'checkout', namespace: 'shop', instance: 'web-1', pod: 'checkout-6f7c9d8b5-abcde-with-a-long-name' },
    annotations: {},
  }).value;

  it('wraps prose to the width but never a command', () => {
    const lines = renderRunbookText(rb, { width: 40 });
    // Lines holding a command (fenced, or an inline span that cannot be split) and long URLs are allowed past the width.
    const prose = lines.filter((l) => !l.includes('kubectl') && !/[`<]/.test(l));
    expect(prose.length).toBeGreaterThan(10);
    expect(prose.filter((l) => l.length > 40)).toEqual([]);
    const logs = lines.find((l) => l.includes('kubectl logs'))!;
    expect(logs.trim()).toBe('kubectl logs checkout-6f7c9d8b5-abcde-with-a-long-name --since=15m | grep -i error | tail -50');
    // An inline `command` is not broken over two lines either.
    expect(lines.some((l) => l.includes('`payments-cli route set --provider backup`.'))).toBe(true);
  });

  it('shows the title, meta, sections and numbered steps', () => {
    const text = renderRunbookText(rb, { width: 100 }).join('\n');
    expect(text).toMatch(/^HighErrorRate\n═+\nSeverity: critical\nImpact: Customers see 5xx/);
    expect(text).toMatch(/Investigation Steps\n─+\n 1\. Check whether the pods are healthy:\n +kubectl -n shop get pods -l app=checkout/);
    expect(text).toContain(' 3. Tell #payments what you did.');
  });

  it('marks done steps and tags every line of a step with its id', () => {
    const lines = renderRunbookLines(rb, { width: 100, ascii: true, done: (id) => id === 'investigation-steps#1' });
    const first = lines.find((l) => l.kind === 'step' && l.stepId === 'investigation-steps#1')!;
    expect(first.text).toBe(' 1. [x] Check whether the pods are healthy:');
    expect(lines.find((l) => l.stepId === 'investigation-steps#2')!.text).toMatch(/^ 2\. \[ \] /);
    const code = lines.find((l) => l.kind === 'code' && l.stepId === 'investigation-steps#1')!;
    expect(code).toMatchObject({ nowrap: true, text: expect.stringContaining('kubectl -n shop get pods') });
    expect(lines.map((l) => l.text).join('\n')).not.toMatch(/[═─•✓]/);
  });

  it('writes links as OSC 8 when hyperlinks are on, else as text <url>', () => {
    const wiki = parseRunbook(fixture('wiki-style.md'));
    const plain = renderRunbookText(wiki, { width: 120 }).join('\n');
    expect(plain).toContain('WAL archive lag <https://grafana.example.com/d/wal>');
    const linked = renderRunbookText(wiki, { width: 120, hyperlinks: true }).join('\n');
    expect(linked).toContain(`${osc8('https://grafana.example.com/d/wal', 'WAL')} ${osc8('https://grafana.example.com/d/wal', 'archive')}`);
    expect(linked).not.toContain('<https://grafana.example.com/d/wal>');
  });

  it('keeps the layout of a plain-text runbook and its indented commands', () => {
    const lines = renderRunbookText(parseRunbook(fixture('disk-full.txt'), 'text'), { width: 30 });
    expect(lines).toContain('  du -xh /var | sort -h | tail');
    expect(lines).toContain('Then archive old logs. Call');
  });
});
