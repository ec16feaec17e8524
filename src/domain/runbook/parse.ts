import { parseBlocks } from './blocks.js';
import type { Block, CodeBlock, ListItem, Runbook, RunbookMeta, Section, Step } from './types.js';

/**
 * Runbook text arrives from the network and from files: escape sequences in it could drive the
 * terminal (retitle it, rewrite the clipboard), so every control character but newline and tab goes.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Good enough to tell a Markdown runbook served as text/plain from a plain-text one. */
export function looksLikeMarkdown(text: string): boolean {
  return /^ {0,3}(#{1,6}\s|```|~~~|[-*+]\s|\d{1,3}[.)]\s)/m.test(text) || /\[[^\]]+\]\([^)]+\)/.test(text);
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[`*_[\]()]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}

/** Sections whose bullet items are steps even without numbers ("Investigation Steps", "Resolution"). */
const STEPWISE = /step|resolution|remediation|mitigation|investigat|diagnos|triage|procedure|action|what to do|fix/i;
/** "### Step 2: Restart the pod" or "### 2. Restart the pod" under a section. */
const STEP_HEADING = /^(?:step\s*\d+\s*[:.)-]?|\d+\s*[.)])\s*/i;
const META_LINE = /^[-*+]?\s*([A-Za-z][\w -]{0,30}?)\s*:\s*(.+)$/;

function codeIn(blocks: Block[]): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const b of blocks) {
    if (b.type === 'code') out.push(b);
    if (b.type === 'list') for (const item of b.items) out.push(...codeIn(item.children));
  }
  return out;
}

function frontMatter(lines: string[]): { fields: Record<string, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  if (lines[0]?.trim() !== '---') return { fields, rest: lines };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return { fields, rest: lines };
  for (const line of lines.slice(1, end)) {
    const m = /^([A-Za-z][\w -]*?)\s*:\s*(.+)$/.exec(line);
    if (m) fields[m[1]!.toLowerCase()] = m[2]!.replace(/^["']|["']$/g, '');
  }
  return { fields, rest: lines.slice(end + 1) };
}

/** Pulls "Severity: critical" / "**Impact:** …" lines out of the preamble into the meta fields. */
function takeMeta(blocks: Block[], fields: Record<string, string>): Block[] {
  const keep: Block[] = [];
  for (const b of blocks) {
    if (b.type !== 'paragraph' && !(b.type === 'list' && !b.ordered)) {
      keep.push(b);
      continue;
    }
    const lines = b.type === 'paragraph' ? b.text.split('\n') : b.items.map((it) => it.text);
    const rest = lines.filter((line) => {
      const m = META_LINE.exec(line.replace(/\*\*|__/g, ''));
      if (!m || m[1]!.trim().split(/\s+/).length > 3) return true;
      fields[m[1]!.trim().toLowerCase()] = m[2]!.trim();
      return false;
    });
    if (rest.length === lines.length) keep.push(b);
    else if (rest.length && b.type === 'paragraph') keep.push({ type: 'paragraph', text: rest.join('\n') });
    else if (rest.length && b.type === 'list') keep.push({ ...b, items: b.items.filter((it) => rest.includes(it.text)) });
  }
  return keep;
}

function buildSection(heading: string, level: number, content: Block[], usedSlugs: Set<string>): Section {
  const base = heading ? slugify(heading) : 'intro';
  let slug = base;
  for (let n = 2; usedSlugs.has(slug); n += 1) slug = `${base}-${n}`;
  usedSlugs.add(slug);
  const steps: Step[] = [];
  const blocks: Block[] = [];
  const addStep = (text: string, body: Block[]) => {
    const index = steps.length + 1;
    steps.push({ id: `${slug}#${index}`, index, text, code: codeIn(body), body });
    blocks.push({ type: 'step', index });
  };
  const stepwise = STEPWISE.test(heading) && !content.some((b) => b.type === 'list' && b.ordered);
  let lastWasStep = false;
  for (let i = 0; i < content.length; i += 1) {
    const b = content[i]!;
    const stepHeading = b.type === 'heading' && STEP_HEADING.test(b.text) ? b : undefined;
    if (stepHeading) {
      // The step's body runs to the next heading of the same or a higher level.
      const body: Block[] = [];
      while (i + 1 < content.length) {
        const next = content[i + 1]!;
        if (next.type === 'heading' && next.level <= stepHeading.level) break;
        body.push(next);
        i += 1;
      }
      addStep(stepHeading.text.replace(STEP_HEADING, '') || stepHeading.text, body);
      lastWasStep = true;
    } else if (b.type === 'list' && (b.ordered || stepwise)) {
      for (const item of b.items as ListItem[]) addStep(item.text, [...item.children]);
      lastWasStep = true;
    } else if (b.type === 'code' && lastWasStep) {
      // A fence right after a numbered item, not indented under it, still belongs to that step.
      const step = steps[steps.length - 1]!;
      step.body.push(b);
      step.code.push(b);
    } else {
      blocks.push(b);
      lastWasStep = false;
    }
  }
  return { heading, level, slug, steps, blocks };
}

function parseMarkdown(lines: string[]): Runbook {
  const { fields, rest } = frontMatter(lines);
  const all = parseBlocks(rest.join('\n'));
  let title: string | undefined = fields.title;
  const first = all[0];
  if (first?.type === 'heading') {
    const others = all.slice(1).flatMap((b) => (b.type === 'heading' ? [b.level] : []));
    // "## Symptoms" first in a file of H2s is a section, not a title.
    if (first.level === 1 || (others.length > 0 && others.every((l) => l > first.level))) {
      title = first.text;
      all.shift();
    }
  }
  const levels = all.flatMap((b) => (b.type === 'heading' ? [b.level] : []));
  const sectionLevel = levels.length ? Math.min(...levels) : 7;
  const used = new Set<string>();
  const sections: Section[] = [];
  let heading = '';
  let level = 0;
  let content: Block[] = [];
  const close = () => {
    if (level === 0) content = takeMeta(content, fields);
    if (level > 0 || content.length) sections.push(buildSection(heading, level, content, used));
  };
  for (const b of all) {
    if (b.type === 'heading' && b.level === sectionLevel) {
      close();
      heading = b.text;
      level = b.level;
      content = [];
    } else content.push(b);
  }
  close();
  const meta: RunbookMeta = { fields };
  if (fields.severity) meta.severity = fields.severity;
  if (fields.impact) meta.impact = fields.impact;
  delete fields.title;
  return { ...(title ? { title } : {}), meta, sections, format: 'markdown' };
}

function parsePlain(lines: string[]): Runbook {
  const blocks: Block[] = [];
  let para: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (para.length) blocks.push({ type: 'paragraph', text: para.join('\n') });
      para = [];
    } else para.push(line.trimEnd());
  }
  const section: Section = { heading: '', level: 0, slug: 'text', steps: [], blocks };
  return { meta: { fields: {} }, sections: blocks.length ? [section] : [], format: 'text' };
}

/**
 * Parses a runbook. Markdown in the common shape (title, Severity/Impact lines, Symptoms /
 * Investigation Steps / Resolution Steps with numbered steps and fenced commands) becomes steps
 * grouped by section; other Markdown keeps its blocks. `format: 'text'` keeps plain text as paragraphs.
 */
export function parseRunbook(text: string, format: 'markdown' | 'text' = 'markdown'): Runbook {
  const lines = cleanText(text).split('\n');
  return format === 'text' ? parsePlain(lines) : parseMarkdown(lines);
}

/** Every step of the runbook in reading order, with its section: what a pane moves through. */
export function allSteps(runbook: Runbook): Array<{ section: Section; step: Step }> {
  return runbook.sections.flatMap((section) => section.steps.map((step) => ({ section, step })));
}
