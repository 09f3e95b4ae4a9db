import jsonata from 'jsonata';

/**
 * True when `value` is a JSONata expression as ASL writes one: a string wrapped in `{%` and `%}`.
 * Any other string in a JSONata state is a literal. Pure.
 */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/**
 * Compiles the body of a `{% … %}` expression with the `jsonata` package and returns the
 * compiler's complaint, or undefined when the expression parses. Pure (compiles, never evaluates).
 */
export function findJsonataSyntaxError(expression: string): string | undefined {
  const body = expression.slice(2, -2);
  if (body.trim() === '') return 'The expression is empty';
  try {
    jsonata(body);
    return undefined;
  } catch (error: unknown) {
    return describeJsonataError(error);
  }
}

function describeJsonataError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    const position = 'position' in error && typeof error.position === 'number' ? ` (position ${error.position})` : '';
    if (typeof message === 'string') return `${message}${position}`;
  }
  return String(error);
}
