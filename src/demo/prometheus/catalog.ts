import type { Expr, ValueType } from './ast.js';

/** What the subset knows: functions with their signatures, and the types of expressions. */

/** Argument types and result type of each supported function. */
export const FUNCTIONS: Record<string, { args: ValueType[]; returns: ValueType }> = {
  rate: { args: ['matrix'], returns: 'vector' },
  increase: { args: ['matrix'], returns: 'vector' },
  avg_over_time: { args: ['matrix'], returns: 'vector' },
  min_over_time: { args: ['matrix'], returns: 'vector' },
  max_over_time: { args: ['matrix'], returns: 'vector' },
  sum_over_time: { args: ['matrix'], returns: 'vector' },
  histogram_quantile: { args: ['scalar', 'vector'], returns: 'vector' },
  vector: { args: ['scalar'], returns: 'vector' },
  clamp_min: { args: ['vector', 'scalar'], returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], returns: 'vector' },
  label_replace: { args: ['vector', 'string', 'string', 'string', 'string'], returns: 'vector' },
};

// Real Prometheus functions: asking for one is "unsupported", not "unknown".
export const KNOWN_ELSEWHERE = new Set(
  ('abs absent absent_over_time ceil changes clamp count_over_time days_in_month day_of_month day_of_week day_of_year ' +
    'delta deriv exp floor histogram_count histogram_sum histogram_fraction holt_winters idelta irate label_join ' +
    'last_over_time ln log2 log10 minute month predict_linear quantile_over_time resets round scalar ' +
    'sgn sort sort_desc sqrt stddev_over_time stdvar_over_time time timestamp year present_over_time hour ' +
    'double_exponential_smoothing sort_by_label sort_by_label_desc').split(' '),
);

/** Prometheus regexes are fully anchored. */
export function anchored(value: string): RegExp {
  return new RegExp(`^(?:${value})$`);
}

export function rangeName(t: ValueType): string {
  return t === 'matrix' ? 'range vector' : t === 'vector' ? 'instant vector' : t;
}

export function typeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'selector':
    case 'aggregate':
      return 'vector';
    case 'matrix':
      return 'matrix';
    case 'call':
      return FUNCTIONS[expr.func]!.returns;
    case 'paren':
    case 'unary':
      return typeOf(expr.expr);
    case 'binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}
