import type { Alert } from '../types.js';
import type { Block, Runbook, Section, Step, TemplateValues } from './types.js';

/**
 * Fills Prometheus/Alertmanager-style placeholders: `{{ $labels.instance }}`, `{{ .Labels.instance }}`,
 * `{{ index $labels "x" }}`, `{{ $annotations.summary }}`, `{{ $value }}`, `{{ $externalURL }}`.
 * A placeholder we cannot fill stays visible and marked (⟨$labels.pod?⟩, ASCII <$labels.pod?>) so
 * nobody runs a command with a silently empty argument; its expression is listed in `missing`.
 */

export interface FillOptions {
  ascii?: boolean;
}

export interface Filled<T> {
  value: T;
  missing: string[];
}

/** A `{{ … }}` placeholder, whatever is inside. */
export const PLACEHOLDER = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const FIELD = new RegExp(`^(?:\\$labels|\\.Labels|\\$annotations|\\.Annotations)\\.${NAME}$`);
const INDEX = /^index\s+(\$labels|\.Labels|\$annotations|\.Annotations)\s+"([^"]*)"$/;

const PIPES: Record<string, (s: string) => string> = {
  toUpper: (s) => s.toUpperCase(),
  toLower: (s) => s.toLowerCase(),
  title: (s) => s.replace(/\b\w/g, (c) => c.toUpperCase()),
};

/** The canonical name of an expression, as shown in markers and `missing`: `$labels.pod`. */
function canonical(expr: string): string {
  const idx = INDEX.exec(expr);
  if (idx) return `${idx[1]!.toLowerCase().includes('label') ? '$labels' : '$annotations'}.${idx[2]}`;
  return expr
    .replace(/^\.Labels\./, '$labels.')
    .replace(/^\.Annotations\./, '$annotations.')
    .replace(/^\.Value$/, '$value')
    .replace(/^\.ExternalURL$/, '$externalURL');
}

function lookup(name: string, values: TemplateValues): string | undefined {
  if (name === '$value') return values.value;
  if (name === '$externalURL') return values.externalURL;
  const m = /^\$(labels|annotations)\.(.*)$/.exec(name);
  if (!m) return undefined;
  const map = m[1] === 'labels' ? values.labels : values.annotations;
  return Object.hasOwn(map, m[2]!) ? map[m[2]!] : undefined;
}

export function fillTemplate(text: string, values: TemplateValues, opts: FillOptions = {}): Filled<string> {
  const missing: string[] = [];
  const value = text.replace(PLACEHOLDER, (_whole, inner: string) => {
    const [head = '', ...pipes] = inner.split('|').map((p) => p.trim());
    const name = canonical(head);
    const known = FIELD.test(head) || INDEX.test(head) || name === '$value' || name === '$externalURL';
    let found = known ? lookup(name, values) : undefined;
    if (found === undefined || found === '') {
      if (!missing.includes(name)) missing.push(name);
      return opts.ascii ? `<${name}?>` : `⟨${name}?⟩`;
    }
    // Formatting functions we do not implement (humanize, printf) leave the raw value, which is still true.
    for (const pipe of pipes) found = PIPES[pipe]?.(found) ?? found;
    return found;
  });
  return { value, missing };
}

/** Fills every text of a runbook: title, meta, headings, steps and code. */
export function fillRunbook(runbook: Runbook, values: TemplateValues, opts: FillOptions = {}): Filled<Runbook> {
  const missing = new Set<string>();
  const f = (text: string) => {
    const r = fillTemplate(text, values, opts);
    r.missing.forEach((m) => missing.add(m));
    return r.value;
  };
  const block = (b: Block): Block => {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        return { ...b, text: f(b.text) };
      case 'quote':
        return { ...b, blocks: b.blocks.map(block) };
      case 'code':
        return { ...b, body: f(b.body) };
      case 'list':
        return { ...b, items: b.items.map((it) => ({ text: f(it.text), children: it.children.map(block) })) };
      case 'table':
        return { ...b, rows: b.rows.map(f) };
      default:
        return b;
    }
  };
  const step = (s: Step): Step => {
    const body = s.body.map(block);
    return { ...s, text: f(s.text), body, code: body.flatMap(codeOf) };
  };
  const section = (s: Section): Section => ({ ...s, heading: f(s.heading), steps: s.steps.map(step), blocks: s.blocks.map(block) });
  const fields = Object.fromEntries(Object.entries(runbook.meta.fields).map(([k, v]) => [k, f(v)]));
  const filled: Runbook = {
    ...runbook,
    ...(runbook.title !== undefined ? { title: f(runbook.title) } : {}),
    meta: {
      fields,
      ...(fields.severity !== undefined ? { severity: fields.severity } : {}),
      ...(fields.impact !== undefined ? { impact: fields.impact } : {}),
    },
    sections: runbook.sections.map(section),
  };
  return { value: filled, missing: [...missing] };
}

function codeOf(b: Block): Array<Extract<Block, { type: 'code' }>> {
  if (b.type === 'code') return [b];
  if (b.type === 'list') return b.items.flatMap((it) => it.children.flatMap(codeOf));
  return [];
}

/**
 * The values an Alertmanager alert gives a template. Alertmanager does not carry the sample value, so
 * `$value` comes from a `value` annotation when the rule put one there; `$externalURL` is Prometheus'
 * address, which the alert's generatorURL starts with.
 */
export function templateValues(alert: Pick<Alert, 'labels' | 'annotations' | 'generatorURL'>): TemplateValues {
  const values: TemplateValues = { labels: alert.labels, annotations: alert.annotations };
  const value = alert.annotations.value ?? alert.annotations.current_value;
  if (value) values.value = value;
  if (alert.generatorURL) {
    try {
      const u = new URL(alert.generatorURL);
      const path = u.pathname.replace(/\/graph\/?$/, '').replace(/\/$/, '');
      values.externalURL = `${u.origin}${path}`;
    } catch {
      // A generatorURL that is not a URL gives no external URL; the placeholder stays marked.
    }
  }
  return values;
}

/**
 * The command `c` copies for a step: its fenced code, else an inline `code` span that looks like a
 * command (has a space), else the first inline span.
 */
export function stepCommand(step: Step): string | undefined {
  if (step.code.length) return step.code.map((c) => c.body).join('\n');
  const spans = [...step.text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return spans.find((s) => s.includes(' ')) ?? spans[0];
}
