import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { JsonValue } from '../json/json.js';
import { JSONATA_WORKER_SOURCE } from './jsonata-worker-source.js';

/** What the worker reports when an expression fails or yields nothing. */
export interface JsonataFailureDetails {
  readonly kind: 'error' | 'undefined' | 'unsupported';
  /** The field (with its path inside the field's JSON, `Output/a[0]`) the expression was written in. */
  readonly field: string;
  /** The expression, without its `{% %}` delimiters. */
  readonly expression: string;
  readonly code?: string;
  readonly message?: string;
}

/**
 * A function the caller implements for JSONata expressions. What it throws becomes the expression's
 * error: a `JsonataFunctionError` with its code and message, anything else with its message.
 */
export type JsonataFunction = (args: readonly (JsonValue | undefined)[]) => JsonValue | undefined;
// `undefined` is JSONata's nothing: the worker hands it back as an absent value.

/** One evaluation request: a template (any JSON, `{% … %}` strings evaluated) and what it may read. */
export interface JsonataRequest {
  readonly template: JsonValue;
  readonly field: string;
  readonly states: JsonValue;
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** What `$now()` and `$millis()` return, in epoch milliseconds. */
  readonly nowMillis: number;
  /** The implementations of the functions registered with the runtime, by name. */
  readonly functions: Readonly<Record<string, JsonataFunction>>;
}

/** The outcome of one evaluation. */
export type JsonataOutcome =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly failure: JsonataFailureDetails };

/** Thrown when the worker does not answer in time (a runaway expression); the worker is replaced. */
export class JsonataTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The JSONata evaluation did not finish within ${timeoutMs} ms`);
    this.name = 'JsonataTimeout';
  }
}

type WorkerMessage =
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly ({ readonly absent: true } | { readonly value: JsonValue })[];
    }
  | { readonly kind: 'result'; readonly id: number; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly id: number; readonly failure: JsonataFailureDetails };

/**
 * Evaluates JSONata templates synchronously on a worker thread (the `jsonata` package only
 * evaluates asynchronously, and `decide` is synchronous). The worker starts on first use, does
 * not keep the process alive, and compiles each distinct expression text once; `close` stops it.
 * Effectful only through the functions a request passes in.
 */
export class JsonataRuntime {
  readonly #signatures: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  #worker: { readonly worker: Worker; readonly port: MessagePort; readonly flags: Int32Array } | undefined;
  #nextId = 1;

  /** `signatures`: the caller-implemented functions by name, with their JSONata signatures. */
  constructor(signatures: Readonly<Record<string, string>>, timeoutMs = 30_000) {
    this.#signatures = signatures;
    this.#timeoutMs = timeoutMs;
  }

  /** Evaluates every `{% … %}` string of `request.template`, blocking until the worker answers. */
  evaluate(request: JsonataRequest): JsonataOutcome {
    const { port, flags } = this.#start();
    const id = this.#nextId++;
    Atomics.store(flags, 0, 0);
    port.postMessage({
      id,
      template: request.template,
      field: request.field,
      states: request.states,
      variables: request.variables,
      nowMillis: request.nowMillis,
    });
    for (;;) {
      if (Atomics.wait(flags, 0, 0, this.#timeoutMs) === 'timed-out') {
        void this.#stop();
        throw new JsonataTimeout(this.#timeoutMs);
      }
      Atomics.store(flags, 0, 0);
      const received = receiveMessageOnPort(port);
      if (received === undefined) continue;
      const message = received.message as WorkerMessage;
      switch (message.kind) {
        case 'call':
          port.postMessage(callFunction(request.functions, message));
          Atomics.store(flags, 1, 1);
          Atomics.notify(flags, 1);
          continue;
        case 'result':
          if (message.id !== id) continue;
          return { ok: true, value: message.value };
        case 'failure':
          if (message.id !== id) continue;
          return { ok: false, failure: message.failure };
      }
    }
  }

  #start(): { readonly port: MessagePort; readonly flags: Int32Array } {
    if (this.#worker !== undefined) return this.#worker;
    const shared = new SharedArrayBuffer(8);
    const { port1, port2 } = new MessageChannel();
    const jsonataPath = createRequire(import.meta.url).resolve('jsonata');
    const worker = new Worker(JSONATA_WORKER_SOURCE, {
      eval: true,
      workerData: { jsonataPath, flags: shared, port: port2, functions: this.#signatures },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    this.#worker = { worker, port: port1, flags: new Int32Array(shared) };
    return this.#worker;
  }

  /**
   * Stops the worker, if one started, and resolves once it has exited. Idempotent; a later
   * `evaluate` would start a new worker.
   */
  async close(): Promise<void> {
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const running = this.#worker;
    this.#worker = undefined;
    if (running === undefined) return;
    running.port.close();
    await running.worker.terminate();
  }
}

function callFunction(
  functions: Readonly<Record<string, JsonataFunction>>,
  call: Extract<WorkerMessage, { kind: 'call' }>,
):
  | { readonly value: JsonValue | undefined }
  | { readonly error: { readonly code?: string; readonly message: string } } {
  const implementation = functions[call.name];
  if (implementation === undefined) return { error: { message: `The function $${call.name} is not available` } };
  try {
    return { value: implementation(call.args.map((arg) => ('value' in arg ? arg.value : undefined))) };
  } catch (error) {
    if (error instanceof JsonataFunctionError && error.code !== undefined)
      return { error: { code: error.code, message: error.message } };
    // The worker waits for an answer: whatever went wrong must travel back as the expression's error.
    return { error: { message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The error a caller-implemented JSONata function throws for bad arguments; JSONata reports it as its own. */
export class JsonataFunctionError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'JsonataFunctionError';
  }
}
