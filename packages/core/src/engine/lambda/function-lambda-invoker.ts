import type { JsonValue } from '../../data/index.js';
import type { LambdaInvokeResult, LambdaInvoker } from '../ports.js';

/** A Lambda handler written in JavaScript: gets the payload, returns (or resolves to) the result. */
export type LambdaHandler = (payload: JsonValue, context: { readonly functionName: string }) => unknown;

/**
 * Runs a JavaScript function in-process as if it were a Lambda function. Its result is passed through
 * JSON (so `undefined` becomes `null`); a throw becomes an `Unhandled` function error whose payload is
 * what the Node.js Lambda runtime reports: `{ errorType, errorMessage, trace }`.
 */
export class FunctionLambdaInvoker implements LambdaInvoker {
  readonly #handler: LambdaHandler;

  constructor(handler: LambdaHandler) {
    this.#handler = handler;
  }

  async invoke(request: { readonly functionName: string; readonly payload: JsonValue }): Promise<LambdaInvokeResult> {
    try {
      const result: unknown = await this.#handler(request.payload, { functionName: request.functionName });
      return { payload: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue) };
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      return {
        functionError: 'Unhandled',
        payload: {
          errorType: thrown.name,
          errorMessage: thrown.message,
          trace: (thrown.stack ?? '').split('\n'),
        },
      };
    }
  }
}
