/** A runbook as parsed from Markdown or plain text. Pure data: JSON output prints it as is. */

export interface CodeBlock {
  type: 'code';
  lang?: string;
  /** Exactly as written between the fences (indentation of the enclosing list item removed). */
  body: string;
}

export interface ListItem {
  text: string;
  /** Nested lists, code and paragraphs indented under the item. */
  children: Block[];
}

export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; start?: number; items: ListItem[] }
  | CodeBlock
  | { type: 'quote'; blocks: Block[] }
  | { type: 'table'; rows: string[] }
  | { type: 'rule' }
  /** Where step `index` of the section sits among the section's other blocks. */
  | { type: 'step'; index: number };

export interface Step {
  /** Stable for one runbook: "<section slug>#<index>". Done marks are keyed by it. */
  id: string;
  /** 1-based, as numbered in the section. */
  index: number;
  text: string;
  /** Fenced code under the step, in order (also present in `body`). */
  code: CodeBlock[];
  /** Everything under the step's first line, in order: code, sub-lists, paragraphs. */
  body: Block[];
}

export interface Section {
  heading: string;
  /** Heading level in the source; 0 for the part before the first heading. */
  level: number;
  slug: string;
  steps: Step[];
  /** The section's content in reading order; `{type:'step'}` marks where each step goes. */
  blocks: Block[];
}

export interface RunbookMeta {
  severity?: string;
  impact?: string;
  /** Every "Key: value" line of the preamble, keys lower-cased (severity and impact included). */
  fields: Record<string, string>;
}

export interface Runbook {
  title?: string;
  meta: RunbookMeta;
  sections: Section[];
  format: 'markdown' | 'text';
}

/** What templates are filled from: the selected alert. */
export interface TemplateValues {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value?: string;
  externalURL?: string;
}

export type RunbookStatus = 'ok' | 'link_only' | 'not_found' | 'failed';

/** One place a runbook was looked for, and what came of it: the pane lists these when nothing is found. */
export interface RunbookAttempt {
  kind: 'annotation' | 'folder';
  /** The URL (credentials removed) or file path tried. */
  location: string;
  outcome: RunbookStatus | 'skipped';
  message: string;
}

export interface RunbookResult {
  status: RunbookStatus;
  /** One line for a status bar: "from runbook_url https://…", "no runbook (looked in 3 places)". */
  message: string;
  /** Where the runbook text came from (status 'ok'). */
  foundAt?: { kind: 'url' | 'file'; location: string };
  /** What `o` opens: the annotation URL as written (the blob page, not the raw one), else the file. */
  link?: string;
  /** Parsed, templates NOT filled: one fetch serves every alert of the name; fill per alert. */
  runbook?: Runbook;
  looked: RunbookAttempt[];
}
