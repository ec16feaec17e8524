/** The syntax tree of the PromQL subset. `pos` points into the query for error messages. */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface NumberLiteral {
  type: 'number';
  value: number;
  pos: number;
}

/** Only as a function argument (label_replace); a query that is a string is not supported. */
export interface StringLiteral {
  type: 'string';
  value: string;
  pos: number;
}

export interface VectorSelector {
  type: 'selector';
  /** Includes the __name__ matcher when the metric name was written outside the braces. */
  matchers: LabelMatcher[];
  pos: number;
}

export interface MatrixSelector {
  type: 'matrix';
  selector: VectorSelector;
  /** Range in seconds. */
  range: number;
  pos: number;
}

export interface Call {
  type: 'call';
  func: string;
  args: Expr[];
  pos: number;
}

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count';

export interface Aggregate {
  type: 'aggregate';
  op: AggregateOp;
  expr: Expr;
  /** by (…) keeps these labels; without (…) drops them. Absent: aggregate everything. */
  grouping?: { without: boolean; labels: string[] };
  pos: number;
}

export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type BinaryOp = ArithOp | CompareOp | 'or';

export interface VectorMatching {
  on: boolean;
  labels: string[];
}

export interface Binary {
  type: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching?: VectorMatching;
  pos: number;
}

export interface Unary {
  type: 'unary';
  op: '-' | '+';
  expr: Expr;
  pos: number;
}

export interface Paren {
  type: 'paren';
  expr: Expr;
  pos: number;
}

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Call | Aggregate | Binary | Unary | Paren;

export type ValueType = 'scalar' | 'string' | 'vector' | 'matrix';

export const COMPARE_OPS: readonly string[] = ['==', '!=', '>', '<', '>=', '<='];
