import { type JsonValue, LambdaInvokeError, type LambdaInvokeResult, type LambdaInvoker } from '@statefold/core';

/**
 * One canned answer: a result (`payload`), a function error (`functionError` and `payload`, as a
 * function that threw), or a failed invoke (`error` is Lambda's error code, `message` its message).
 */
export type CannedLambdaResponse =
  | { readonly payload: JsonValue; readonly functionError?: string }
  | { readonly error: string; readonly message: string };

/**
 * Answers invokes from a fixed sequence: the first invoke gets the first response, the second the
 * second, and once the sequence is used up the last response repeats. Stateful (it counts invokes).
 */
export class CannedLambdaInvoker implements LambdaInvoker {
  readonly #responses: readonly CannedLambdaResponse[];
  #invocations = 0;

  constructor(responses: readonly CannedLambdaResponse[]) {
    if (responses.length === 0) throw new RangeError('A canned Lambda function needs at least one response');
    this.#responses = responses;
  }

  async invoke(): Promise<LambdaInvokeResult> {
    const index = Math.min(this.#invocations, this.#responses.length - 1);
    this.#invocations++;
    const response = this.#responses[index] as CannedLambdaResponse;
    if ('error' in response) throw new LambdaInvokeError(response.error, response.message);
    return response.functionError === undefined
      ? { payload: response.payload }
      : { payload: response.payload, functionError: response.functionError };
  }
}
