import type { JsonValue } from '../data/index.js';
import { functionKeysOf, type LambdaInvoker, type LambdaInvokeResult } from '../engine/index.js';

/** A function body: returns the payload, or throws to fail as an unhandled function error. */
export type LambdaFunctionBody = (payload: JsonValue) => JsonValue | Promise<JsonValue>;

/** One call a test's Lambda received. */
export interface LambdaCall {
  readonly functionName: string;
  readonly payload: JsonValue;
}

/** The error the Lambda Invoke API answers for a function that does not exist. */
export class ResourceNotFoundException extends Error {
  readonly statusCode = 404;
  constructor(message: string) {
    super(message);
    this.name = 'ResourceNotFoundException';
  }
}

/**
 * A `LambdaInvoker` for tests: functions are in-process bodies registered by name, and names are
 * resolved as Lambda resolves them (a name, a full ARN or a partial ARN, with or without a
 * qualifier). A body that throws is an `Unhandled` function error whose payload carries
 * `errorType` (the error's name) and `errorMessage`, as the Node.js runtime reports it.
 */
export class InProcessLambda implements LambdaInvoker {
  readonly calls: LambdaCall[] = [];
  /** Told synchronously when a call is held, before `invoke` returns its promise. */
  onHold: (() => void) | undefined;
  readonly #functions = new Map<string, LambdaFunctionBody>();
  readonly #held = new Map<string, HeldCall[]>();

  constructor(
    readonly region = 'us-east-1',
    readonly accountId = '123456789012',
  ) {}

  /** Registers (or replaces) a function. */
  register(name: string, body: LambdaFunctionBody): this {
    this.#functions.set(name, body);
    return this;
  }

  /**
   * Holds every call to `name` open until `release(name, …)` answers it; a held call whose
   * invocation is cancelled (its task timed out, the engine closed) rejects with an AbortError.
   */
  hold(name: string): void {
    if (!this.#held.has(name)) this.#held.set(name, []);
  }

  /** Stops holding `name`, answers its held calls with `payload`, and returns how many there were. */
  release(name: string, payload: JsonValue): number {
    const held = this.#held.get(name) ?? [];
    this.#held.delete(name);
    for (const call of held) call.resolve({ payload });
    return held.length;
  }

  /** The full ARN of a registered function name. */
  arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }

  async invoke(request: {
    readonly functionName: string;
    readonly payload: JsonValue;
    readonly signal?: AbortSignal;
  }): Promise<LambdaInvokeResult> {
    this.calls.push({ functionName: request.functionName, payload: request.payload });
    // The last key is the bare function name, whatever the reference's form.
    const name = functionKeysOf(request.functionName).at(-1) ?? request.functionName;
    const held = this.#held.get(name);
    if (held !== undefined) {
      this.onHold?.();
      return new Promise<LambdaInvokeResult>((resolve, reject) => {
        held.push({ resolve });
        request.signal?.addEventListener(
          'abort',
          () => {
            const error = new Error('The invocation was cancelled');
            error.name = 'AbortError';
            reject(error);
          },
          { once: true },
        );
      });
    }
    const body = this.#functions.get(name);
    if (body === undefined) {
      throw new ResourceNotFoundException(`Function not found: ${this.arnOf(name)}:$LATEST`);
    }
    try {
      return { payload: await body(request.payload) };
    } catch (error) {
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      return { functionError: 'Unhandled', payload: { errorType, errorMessage, trace: [] } };
    }
  }
}

interface HeldCall {
  readonly resolve: (result: LambdaInvokeResult) => void;
}
