import type { Lexer } from 'marked';

/**
 * marked is loaded when the first runbook arrives, not at start-up: setting up its rules costs every
 * headless command and the dashboard's first frame about 13 ms of CPU for nothing. The runbook
 * sources await loadMarkdown() before they parse, so parsing and rendering stay synchronous.
 */
let lexer: typeof Lexer | undefined;

export async function loadMarkdown(): Promise<void> {
  lexer ??= (await import('marked')).Lexer;
}

/** marked's Lexer; undefined until loadMarkdown() has resolved. */
export function markdownLexer(): typeof Lexer | undefined {
  return lexer;
}
