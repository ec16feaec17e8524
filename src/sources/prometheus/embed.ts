/**
 * A user's PromQL placed inside ours. `#` starts a comment that runs to the end of the line, so in
 * `1 - (q # why)` the comment swallows our closing parenthesis. When the query's last line is
 * still in a comment, a newline ends it first; nothing is stripped, comments are legal PromQL.
 */
export function embeddable(expr: string): string {
  return endsInComment(expr) ? `${expr}\n` : expr;
}

/** Whether a `#` outside string literals opens a comment that the text never closes. */
function endsInComment(expr: string): boolean {
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (comment) {
      if (c === '\n') comment = false;
    } else if (quote !== null) {
      if (c === '\\' && quote !== '`') i++; // an escaped character, the quote included
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '#') {
      comment = true;
    }
  }
  return comment;
}
