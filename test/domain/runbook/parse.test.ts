import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allSteps, looksLikeMarkdown, parseRunbook } from '../../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../../src/domain/runbook/markdown.js';

await loadMarkdown();

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/runbooks/${name}`, import.meta.url), 'utf8');

describe('parseRunbook: the common Symptoms / Investigation / Resolution shape', () => {
  const rb = parseRunbook(fixture('HighErrorRate.md'));

  it('takes the title and the Severity/Impact lines, with or without bold', () => {
    expect(rb.title).toBe('HighErrorRate');
    expect(rb.meta.severity).toBe('critical');
    expect(rb.meta.impact).toMatch(/^Customers see 5xx errors/);
    expect(rb.meta.fields.owner).toBe('payments-team');
  });

  it('groups numbered steps by section', () => {
    expect(rb.sections.map((s) => [s.heading, s.steps.length])).toEqual([
      ['Symptoms', 0],
      ['Investigation Steps', 3],
      ['Resolution Steps', 3],
      ['Escalation', 0],
    ]);
    expect(allSteps(rb).map(({ step }) => step.id)).toEqual([
      'investigation-steps#1',
      'investigation-steps#2',
      'investigation-steps#3',
      'resolution-steps#1',
      'resolution-steps#2',
      'resolution-steps#3',
    ]);
  });

  it('gives a fenced block to the step above it, indented under it or not', () => {
    const [inv, res] = [rb.sections[1]!, rb.sections[2]!];
    expect(inv.steps[0]!.code).toEqual([{ type: 'code', lang: 'bash', body: 'kubectl -n {{ $labels.namespace }} get pods -l app={{ $labels.service }}' }]);
    // Separated from its item by blank lines, still the step's.
    expect(inv.steps[1]!.code[0]!.body).toBe('kubectl logs {{ $labels.pod }} --since=15m | grep -i error | tail -50');
    // A fence at column 0 between "1." and "2." belongs to step 1, and numbering carries on.
    expect(res.steps[0]!.code[0]!.body).toBe('kubectl rollout undo deployment/{{ $labels.service }} -n {{ $labels.namespace }}');
    expect(res.steps.map((s) => s.text)).toEqual([
      'Roll back the last deploy if the errors started with it:',
      'If a dependency is down, fail over: `payments-cli route set --provider backup`.',
      'Tell #payments what you did.',
    ]);
  });

  it('keeps the prose of sections without steps', () => {
    expect(rb.sections[3]!.blocks).toEqual([{ type: 'paragraph', text: expect.stringMatching(/^Page the payments on-call secondary/) }]);
    expect(rb.sections[0]!.blocks[0]).toMatchObject({ type: 'list', ordered: false });
  });
});

describe('parseRunbook: other shapes', () => {
  it('a wiki page with no numbered steps keeps its headings, links, quote and table', () => {
    const rb = parseRunbook(fixture('wiki-style.md'));
    expect(rb.title).toBe('Disk space on database hosts'); // setext heading
    expect(allSteps(rb)).toHaveLength(0);
    expect(rb.sections.map((s) => s.heading)).toEqual(['', 'Overview', 'Dashboards', 'Notes']);
    const notes = rb.sections[3]!.blocks.map((b) => b.type);
    expect(notes).toEqual(['quote', 'table', 'rule', 'paragraph']);
  });

  it('nested lists and code under a step, step headings, front matter, HTML comments', () => {
    const rb = parseRunbook(fixture('KubePodCrashLooping.md'));
    expect(rb.title).toBe('Pod crash looping');
    expect(rb.meta).toEqual({ severity: 'warning', fields: { severity: 'warning', team: 'platform' } });
    const [checks, procedure] = rb.sections;
    expect(checks!.steps[0]!.body[0]).toMatchObject({ type: 'list', ordered: false });
    // The code two levels down is still the step's command.
    expect(checks!.steps[0]!.code[0]!.body).toBe(
      "kubectl describe pod {{ .Labels.pod }} -n {{ .Labels.namespace }} | sed -n '/Events/,$p'",
    );
    expect(procedure!.steps.map((s) => s.text)).toEqual(['Raise the memory limit', 'Fix image pulls']);
    expect(procedure!.steps[0]!.code[0]).toEqual({ type: 'code', lang: 'yaml', body: 'resources:\n  limits:\n    memory: 1Gi' });
    // "### Background" is not a step and is not swallowed by step 2.
    expect(procedure!.steps[1]!.body).toHaveLength(1);
    expect(procedure!.blocks.at(-2)).toEqual({ type: 'heading', level: 3, text: 'Background' });
    expect(JSON.stringify(rb)).not.toContain('template: keep');
  });

  it('plain text becomes one section of paragraphs, line breaks kept', () => {
    const rb = parseRunbook(fixture('disk-full.txt'), 'text');
    expect(rb.format).toBe('text');
    expect(rb.sections).toHaveLength(1);
    expect(rb.sections[0]!.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(rb.sections[0]!.blocks[1]).toEqual({ type: 'paragraph', text: 'Log in to the host and find what grew:\n  du -xh /var | sort -h | tail' });
  });

  it('bullets count as steps under a heading that says they are', () => {
    const rb = parseRunbook('## Remediation\n\n- restart the pod\n- page the owner\n');
    expect(rb.sections[0]!.steps.map((s) => s.text)).toEqual(['restart the pod', 'page the owner']);
  });

  it('keeps a code block exactly, blank lines and indentation included', () => {
    const body = 'cat <<EOF | kubectl apply -f -\n  kind: Pod\n\n    spec: {}\nEOF';
    const rb = parseRunbook(`## Steps\n\n1. Apply:\n\n   \`\`\`\n${body.split('\n').map((l) => (l ? `   ${l}` : '')).join('\n')}\n   \`\`\`\n`);
    expect(rb.sections[0]!.steps[0]!.code[0]!.body).toBe(body);
  });

  it('drops terminal control sequences that came with the text', () => {
    const rb = parseRunbook('# T\u001b]52;c;ZXZpbA==\u0007itle\r\n\r\n1. step \u001b[31mred\u001b[0m\r\n');
    const json = JSON.stringify(rb);
    expect(json).not.toMatch(/\\u001b|\\u0007|\\r/);
    expect(rb.title).toBe('T]52;c;ZXZpbA==itle');
  });

  it('tells Markdown from plain text', () => {
    expect(looksLikeMarkdown(fixture('HighErrorRate.md'))).toBe(true);
    expect(looksLikeMarkdown(fixture('disk-full.txt'))).toBe(false);
  });
});
