import { describe, expect, it } from 'vitest';
import { allSteps, parseRunbook } from '../../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../../src/domain/runbook/markdown.js';
import { renderRunbookLines, renderRunbookText } from '../../../src/domain/runbook/render.js';
import { fillRunbook, stepCommand } from '../../../src/domain/runbook/template.js';

await loadMarkdown();

/**
 * Runbooks come from wikis written by many hands: CommonMark that the first, hand-written parser
 * read wrongly. Each case is what a reader sees in the terminal (or what `c` copies).
 */

const text = (md: string, width = 100) => renderRunbookText(parseRunbook(md), { width }).join('\n');

describe('CommonMark in runbooks', () => {
  it('reference links show their target, and their definitions are not shown as text', () => {
    const out = text('# Disk\n\nSee the [disk dashboard][grafana] and the [WAL notes].\n\n[grafana]: https://grafana.example.com/d/disk\n[wal notes]: <https://wiki.example.com/wal> "WAL"\n', 200);
    expect(out).toContain('See the disk dashboard <https://grafana.example.com/d/disk> and the WAL notes <https://wiki.example.com/wal>.');
    expect(out).not.toContain('[grafana]');
    expect(out).not.toContain('https://grafana.example.com/d/disk\n');
  });

  it('a setext heading over two lines is one heading', () => {
    const rb = parseRunbook('Disk space on\ndatabase hosts\n==============\n\nRead this first.\n');
    expect(rb.title).toBe('Disk space on database hosts');
  });

  it('HTML blocks from wikis lose their tags, and the steps inside still count', () => {
    const md = '## Resolution\n\n<details>\n<summary>Roll back</summary>\n\n1. Undo the deploy: `deployctl undo`\n2. Tell #ops\n\n</details>\n';
    const rb = parseRunbook(md);
    expect(allSteps(rb).map(({ step }) => step.text)).toEqual(['Undo the deploy: `deployctl undo`', 'Tell #ops']);
    const out = text(md);
    expect(out).toContain('Roll back');
    expect(out).not.toMatch(/<\/?(details|summary)>/);
  });

  it('a command in an HTML <pre> block is code, entities decoded; a task list keeps its boxes', () => {
    const rb = parseRunbook('## Steps\n\n1. Check the disk:\n\n   <pre>\n   df -h /var &amp;&amp; du -sh /var/log\n   </pre>\n\n## Checklist\n\n- [x] drain the node\n- [ ] reboot it\n');
    expect(stepCommand(rb.sections[0]!.steps[0]!)).toBe('df -h /var && du -sh /var/log');
    expect(renderRunbookText(rb, { width: 100, ascii: true })).toEqual(expect.arrayContaining(['- [x] drain the node', '- [ ] reboot it']));
  });

  it('nested and underscore emphasis lose their markers, a literal star stays', () => {
    expect(text('Do ***not*** restart _the primary_ while it is **still *syncing***. Old logs: `ls *.log`, or \\*.gz.')).toBe(
      'Do not restart the primary while it is still syncing. Old logs: `ls *.log`, or *.gz.',
    );
  });

  it('a list inside a quote keeps one line per item', () => {
    const lines = renderRunbookText(parseRunbook('> **Before you start:**\n> 1. tell #ops\n> 2. open a ticket\n'), { width: 100, ascii: true });
    expect(lines).toEqual(['| Before you start:', '|', '| 1. tell #ops', '| 2. open a ticket']);
  });

  it('an indented code block is a command: kept whole, never reflowed, copied by `c`', () => {
    const md = '## Steps\n\n1. Find the pods that are not running:\n\n       kubectl get pods -A | grep -v Running\n';
    const rb = parseRunbook(md);
    expect(stepCommand(rb.sections[0]!.steps[0]!)).toBe('kubectl get pods -A | grep -v Running');
    const code = renderRunbookLines(rb, { width: 30 }).find((l) => l.text.includes('kubectl'))!;
    expect(code).toMatchObject({ kind: 'code', nowrap: true });
    expect(code.text.trim()).toBe('kubectl get pods -A | grep -v Running');
  });

  it('entities are decoded and a link whose URL has parentheses keeps all of it', () => {
    expect(text('Fail over &amp; read [split brain](https://en.wikipedia.org/wiki/Split-brain_(computing)) &copy; ops')).toBe(
      'Fail over & read split brain <https://en.wikipedia.org/wiki/Split-brain_(computing)> © ops',
    );
  });

  it('a lazy continuation line stays inside its quote', () => {
    expect(renderRunbookText(parseRunbook('> Never delete WAL files\nby hand.\n'), { width: 100, ascii: true })).toEqual(['| Never delete WAL files by hand.']);
  });

  it('an escape sequence written as character references is not sent to the terminal', () => {
    expect(text('Title &#27;]52;c;ZXZpbA==&#7; and `&#x1b;[31m`')).toBe('Title ]52;c;ZXZpbA== and `&#x1b;[31m`');
  });

  it('templates in a reference definition are filled like any other link', () => {
    const rb = parseRunbook('Open [the dashboard][d].\n\n[d]: https://grafana.example.com/d/disk?var-host={{ $labels.instance }}\n');
    const filled = fillRunbook(rb, { labels: { instance: 'db-1' }, annotations: {} }).value;
    expect(renderRunbookText(filled, { width: 100 }).join('\n')).toBe('Open the dashboard <https://grafana.example.com/d/disk?var-host=db-1>.');
  });
});
