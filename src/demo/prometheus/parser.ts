import type { AggregateOp, BinaryOp, Expr, LabelMatcher, MatchOp, VectorMatching, VectorSelector } from './ast.js';
import { COMPARE_OPS } from './ast.js';
import { anchored, FUNCTIONS, KNOWN_ELSEWHERE, rangeName, typeOf } from './catalog.js';
import { durationSeconds, parseError, tokenize, type Token } from './lexer.js';

/**
 * A recursive-descent parser for the PromQL subset. Anything outside the subset fails with a message
 * that names the unsupported part, so a user pointing a real query at the demo knows why it fails.
 */

const DEMO = 'not supported by the demo Prometheus';
const AGGREGATES: readonly string[] = ['sum', 'avg', 'min', 'max', 'count'];
const OTHER_AGGREGATES = ['topk', 'bottomk', 'quantile', 'stddev', 'stdvar', 'count_values', 'group', 'limitk', 'limit_ratio'];

// Binding power of binary operators, lowest first (Prometheus' precedence).
const PRECEDENCE: Record<string, number> = {
  or: 1, and: 2, unless: 2,
  '==': 3, '!=': 3, '>': 3, '<': 3, '>=': 3, '<=': 3,
  '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6,
};

class Parser {
  private tokens: Token[];
  private i = 0;

  constructor(private readonly query: string) {
    this.tokens = tokenize(query);
  }

  private get tok(): Token {
    return this.tokens[this.i]!;
  }

  private fail(message: string, at: Token = this.tok): never {
    throw parseError(this.query, at.pos, message);
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of input';
    if (t.kind === 'string') return `string "${t.text}"`;
    return `${t.kind === 'ident' ? 'identifier' : t.kind} "${t.text}"`;
  }

  private is(text: string): boolean {
    return (this.tok.kind === 'op' || this.tok.kind === 'punct') && this.tok.text === text;
  }

  private expect(text: string, context: string): Token {
    if (!this.is(text)) this.fail(`unexpected ${this.describe(this.tok)} ${context}, expected "${text}"`);
    return this.tokens[this.i++]!;
  }

  parse(): Expr {
    if (this.tok.kind === 'eof') this.fail('no expression found in input');
    const expr = this.binary(0);
    const rest = this.tokens[this.i]!;
    if (rest.kind !== 'eof') this.fail(`unexpected ${this.describe(rest)}`, rest);
    if (typeOf(expr) === 'string') this.fail(`string literals are ${DEMO} (except as arguments of label_replace)`, this.tokens[0]);
    return expr;
  }

  private binaryOperator(): string | undefined {
    const t = this.tok;
    if (t.kind === 'op' && t.text in PRECEDENCE) return t.text;
    if (t.kind === 'ident' && ['or', 'and', 'unless', 'atan2'].includes(t.text.toLowerCase())) return t.text.toLowerCase();
    return undefined;
  }

  private binary(minPrec: number): Expr {
    let lhs = this.unary();
    for (;;) {
      const op = this.binaryOperator();
      if (!op) return lhs;
      const prec = PRECEDENCE[op]!;
      if (prec <= minPrec) return lhs;
      const opTok = this.tok;
      if (['and', 'unless', '%', '^', 'atan2'].includes(op)) this.fail(`the "${op}" operator is ${DEMO} (supported: + - * / comparisons, or)`);
      this.i++;
      let returnBool = false;
      if (this.tok.kind === 'ident' && this.tok.text === 'bool') {
        if (!COMPARE_OPS.includes(op)) this.fail('bool modifier can only be used on comparison operators');
        returnBool = true;
        this.i++;
      }
      const matching = this.vectorMatching();
      const rhs = this.binary(prec);
      lhs = this.checkBinary({ type: 'binary', op: op as BinaryOp, lhs, rhs, returnBool, matching, pos: opTok.pos }, opTok);
    }
  }

  private vectorMatching(): VectorMatching | undefined {
    const t = this.tok;
    if (t.kind !== 'ident' || !['on', 'ignoring'].includes(t.text)) return undefined;
    this.i++;
    const labels = this.labelList(t.text);
    const g = this.tok;
    if (g.kind === 'ident' && (g.text === 'group_left' || g.text === 'group_right')) {
      this.fail(`${g.text} is ${DEMO} (only one-to-one vector matching)`);
    }
    return { on: t.text === 'on', labels };
  }

  private checkBinary(expr: Expr & { type: 'binary' }, at: Token): Expr {
    const lt = typeOf(expr.lhs);
    const rt = typeOf(expr.rhs);
    if (lt === 'matrix' || rt === 'matrix' || lt === 'string' || rt === 'string') this.fail('binary expression must contain only scalar and instant vector types', at);
    if (expr.op === 'or' && (lt === 'scalar' || rt === 'scalar')) this.fail('set operator "or" not allowed in binary scalar expression', at);
    if (COMPARE_OPS.includes(expr.op) && lt === 'scalar' && rt === 'scalar' && !expr.returnBool) {
      this.fail('comparisons between scalars must use BOOL modifier', at);
    }
    if (expr.matching && (lt === 'scalar' || rt === 'scalar')) this.fail('vector matching only allowed between instant vectors', at);
    return expr;
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.i++;
      const expr = this.binary(PRECEDENCE['*']!);
      if (typeOf(expr) === 'matrix' || typeOf(expr) === 'string') this.fail('unary expression only allowed on expressions of type scalar or instant vector', t);
      if (expr.type === 'number') return { ...expr, value: t.text === '-' ? -expr.value : expr.value };
      return { type: 'unary', op: t.text, expr, pos: t.pos };
    }
    return this.postfix(this.primary());
  }

  /** Range, offset, @ and subqueries after an expression. */
  private postfix(expr: Expr): Expr {
    let out = expr;
    if (this.is('[')) {
      const open = this.tok;
      this.i++;
      const d = this.tok;
      if (d.kind !== 'duration' && d.kind !== 'number') this.fail(`unexpected ${this.describe(d)} in range, expected a duration such as 5m`);
      this.i++;
      if (this.is(':')) this.fail(`subqueries like [1d:5m] are ${DEMO}`, open);
      this.expect(']', 'in range');
      if (out.type !== 'selector') this.fail(`ranges only allowed for vector selectors (subqueries are ${DEMO})`, open);
      const range = d.kind === 'duration' ? durationSeconds(d.text) : Number(d.text);
      if (!(range > 0)) this.fail('range must be greater than zero', d);
      out = { type: 'matrix', selector: out, range, pos: out.pos };
    }
    if (this.tok.kind === 'ident' && this.tok.text === 'offset') this.fail(`the offset modifier is ${DEMO}`);
    if (this.is('@')) this.fail(`the @ modifier is ${DEMO}`);
    return out;
  }

  private primary(): Expr {
    const t = this.tok;
    if (t.kind === 'number') {
      this.i++;
      return { type: 'number', value: Number(t.text), pos: t.pos };
    }
    if (t.kind === 'string') {
      this.i++;
      return { type: 'string', value: t.text, pos: t.pos };
    }
    if (t.kind === 'duration') this.fail(`unexpected duration "${t.text}" (durations belong inside [ ] after a selector)`);
    if (this.is('(')) {
      this.i++;
      const expr = this.binary(0);
      this.expect(')', 'in parenthesized expression');
      return { type: 'paren', expr, pos: t.pos };
    }
    if (this.is('{')) return this.selector(undefined, t);
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'inf' || lower === 'nan') {
        this.i++;
        return { type: 'number', value: lower === 'inf' ? Infinity : NaN, pos: t.pos };
      }
      const next = this.tokens[this.i + 1]!;
      const opensCall = next.kind === 'punct' && next.text === '(';
      const opensGroup = next.kind === 'ident' && (next.text === 'by' || next.text === 'without');
      if (AGGREGATES.includes(t.text) && (opensCall || opensGroup)) return this.aggregate();
      if (OTHER_AGGREGATES.includes(t.text) && (opensCall || opensGroup)) this.fail(`aggregation "${t.text}" is ${DEMO} (supported: ${AGGREGATES.join(', ')})`);
      if (opensCall) return this.call();
      this.i++;
      return this.selector(t.text, t);
    }
    return this.fail(`unexpected ${this.describe(t)}`);
  }

  private call(): Expr {
    const name = this.tok;
    this.i += 2;
    const sig = FUNCTIONS[name.text];
    if (!sig) {
      if (KNOWN_ELSEWHERE.has(name.text)) this.fail(`function "${name.text}" is ${DEMO} (supported: ${Object.keys(FUNCTIONS).join(', ')})`, name);
      this.fail(`unknown function with name "${name.text}"`, name);
    }
    const args: Expr[] = [];
    while (!this.is(')')) {
      if (args.length > 0) this.expect(',', 'in argument list');
      args.push(this.binary(0));
    }
    this.i++;
    if (args.length !== sig.args.length) {
      this.fail(`expected ${sig.args.length} argument(s) in call to "${name.text}", got ${args.length}`, name);
    }
    args.forEach((arg, k) => {
      const want = sig.args[k]!;
      const got = typeOf(arg);
      if (got !== want) this.fail(`expected type ${rangeName(want)} in call to function "${name.text}", got ${rangeName(got)}`, name);
    });
    return { type: 'call', func: name.text, args, pos: name.pos };
  }

  private aggregate(): Expr {
    const opTok = this.tok;
    this.i++;
    let grouping = this.grouping();
    this.expect('(', `in aggregation "${opTok.text}"`);
    const expr = this.binary(0);
    if (this.is(',')) this.fail(`"${opTok.text}" takes one argument`);
    this.expect(')', `in aggregation "${opTok.text}"`);
    const after = this.grouping();
    if (after && grouping) this.fail('aggregation must only contain one grouping clause');
    grouping = grouping ?? after;
    if (typeOf(expr) !== 'vector') this.fail(`expected type instant vector in aggregation expression, got ${rangeName(typeOf(expr))}`, opTok);
    return { type: 'aggregate', op: opTok.text as AggregateOp, expr, grouping, pos: opTok.pos };
  }

  private grouping(): { without: boolean; labels: string[] } | undefined {
    const t = this.tok;
    if (t.kind !== 'ident' || (t.text !== 'by' && t.text !== 'without')) return undefined;
    this.i++;
    return { without: t.text === 'without', labels: this.labelList(t.text) };
  }

  private labelList(context: string): string[] {
    this.expect('(', `after "${context}"`);
    const labels: string[] = [];
    while (!this.is(')')) {
      if (labels.length > 0) this.expect(',', 'in grouping opts');
      if (this.is(')')) break;
      if (this.tok.kind !== 'ident') this.fail(`unexpected ${this.describe(this.tok)} in grouping opts, expected label`);
      labels.push(this.tok.text);
      this.i++;
    }
    this.i++;
    return labels;
  }

  private selector(name: string | undefined, start: Token): VectorSelector {
    const matchers: LabelMatcher[] = name ? [{ name: '__name__', op: '=', value: name }] : [];
    if (this.is('{')) {
      this.i++;
      let first = true;
      while (!this.is('}')) {
        if (!first) {
          this.expect(',', 'in label matching');
          if (this.is('}')) break;
        }
        first = false;
        const label = this.tok;
        if (label.kind !== 'ident') this.fail(`unexpected ${this.describe(label)} in label matching, expected label`);
        this.i++;
        const op = this.tok;
        if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text)) {
          this.fail(`unexpected ${this.describe(op)} in label matching, expected label matching operator`);
        }
        this.i++;
        const value = this.tok;
        if (value.kind !== 'string') this.fail(`unexpected ${this.describe(value)} in label matching, expected string`);
        this.i++;
        if (op.text.endsWith('~')) checkRegex(this, value.text);
        matchers.push({ name: label.text, op: op.text as MatchOp, value: value.text });
      }
      this.i++;
    }
    if (!matchers.some((m) => !matchesEmpty(m))) this.fail('vector selector must contain at least one non-empty matcher', start);
    return { type: 'selector', matchers, pos: start.pos };
  }

  failRegex(value: string, err: Error): never {
    return this.fail(`invalid regular expression "${value}": ${err.message}`);
  }
}

function checkRegex(p: Parser, value: string): void {
  try {
    anchored(value);
  } catch (err) {
    p.failRegex(value, err as Error);
  }
}

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return anchored(m.value).test('');
    case '!~':
      return !anchored(m.value).test('');
  }
}

export { anchored, FUNCTIONS, typeOf } from './catalog.js';

export function parse(query: string): Expr {
  return new Parser(query).parse();
}
