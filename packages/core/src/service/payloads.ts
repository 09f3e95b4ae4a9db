import { parseBoundedJson } from '../data/index.js';
import { InvalidExecutionInput, InvalidOutput } from '../errors/index.js';

/**
 * Why `text` is not JSON statefold accepts (a syntax error, nesting deeper than MAX_JSON_DEPTH, a
 * number out of a double's range), or `undefined` when it is. Pure.
 */
export function jsonSyntaxError(text: string): string | undefined {
  const parsed = parseBoundedJson(text);
  return parsed.ok ? undefined : parsed.problem;
}

/** Throws `InvalidExecutionInput` unless `input` is JSON text within the bounds. */
export function assertJsonInput(input: string): void {
  const problem = jsonSyntaxError(input);
  if (problem !== undefined) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${problem}'`);
  }
}

/** Throws `InvalidOutput` unless a task's `output` is JSON text within the bounds. */
export function assertJsonOutput(output: string): void {
  const problem = jsonSyntaxError(output);
  if (problem !== undefined) throw new InvalidOutput(`Invalid Output: '${problem}'`);
}
