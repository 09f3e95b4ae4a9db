import { InvalidExecutionInput, InvalidOutput } from '../errors/index.js';

/** Why `text` is not JSON, or `undefined` when it is. Pure. */
export function jsonSyntaxError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Throws `InvalidExecutionInput` unless `input` is JSON text. */
export function assertJsonInput(input: string): void {
  const problem = jsonSyntaxError(input);
  if (problem !== undefined) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${problem}'`);
  }
}

/** Throws `InvalidOutput` unless a task's `output` is JSON text. */
export function assertJsonOutput(output: string): void {
  const problem = jsonSyntaxError(output);
  if (problem !== undefined) throw new InvalidOutput(`Invalid Output: '${problem}'`);
}
