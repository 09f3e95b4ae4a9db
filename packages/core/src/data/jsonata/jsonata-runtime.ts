import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { JsonValue } from '../json/json.js';
import { JSONATA_EVALUATOR_SOURCE } from './jsonata-evaluator-source.js';
import {
  JsonataPending,
  type JsonataCall,
  type JsonataEvaluations,
  type JsonataFailureDetails,
  type JsonataOutcome,
} from './jsonata-evaluations.js';
import { JSONATA_WORKER_SOURCE } from './jsonata-worker-source.js';

/**
 * A function the caller implements for JSONata expressions. What it throws becomes the expression's
 * error: a `JsonataFunctionError` with its code and message, anything else with its message.
 */
export type JsonataFunction = (args: readonly (JsonValue | undefined)[]) => JsonValue | undefined;
// `undefined` is JSONata's nothing: the evaluator hands it back as an absent value.

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

/** The bounds one evaluation runs within. Every field has a default. */
export interface JsonataLimits {
  /** How long one evaluation may run before it fails (`States.QueryEvaluationError`); 30 s by default. */
  readonly timeoutMs?: number;
  /** The heap of an evaluator process, in MiB; past it the evaluation fails. 256 by default. */
  readonly memoryLimitMb?: number;
  /**
   * The largest value (JSON, UTF-8 bytes) an expression may return or pass to a function; 1 MiB by
   * default. A bound on what reaches the calling thread: payloads and variables keep AWS's own
   * 256 KiB limits, checked where they are used.
   */
  readonly maxValueBytes?: number;
  /** How many evaluations run at once (one process each); further ones queue. 4 by default. */
  readonly maxConcurrentEvaluations?: number;
  /**
   * How long `evaluate` blocks, when given `JsonataEvaluations`, before it hands the evaluation
   * off (throwing `JsonataPending`); 25 ms by default. A runaway expression holds the calling
   * thread no longer than this.
   */
  readonly blockingBudgetMs?: number;
}

const DEFAULT_LIMITS: Required<JsonataLimits> = {
  timeoutMs: 30_000,
  memoryLimitMb: 256,
  maxValueBytes: 1_048_576,
  maxConcurrentEvaluations: 4,
  blockingBudgetMs: 25,
};

/** How long a blocking `evaluate` waits past `timeoutMs` for the worker to report the timeout itself. */
const TIMEOUT_GRACE_MS = 5_000;

/** Thrown by a blocking `evaluate` when the worker does not answer at all; the worker is replaced. */
export class JsonataTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The JSONata evaluation did not finish within ${timeoutMs} ms`);
    this.name = 'JsonataTimeout';
  }
}

type WorkerMessage =
  | ({ readonly kind: 'call'; readonly id: number; readonly callId: number } & JsonataCall)
  | { readonly kind: 'result'; readonly id: number; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly id: number; readonly failure: JsonataFailureDetails };

/** An evaluation sent to the worker and not yet answered. */
interface InFlight {
  readonly request: JsonataRequest;
  readonly calls: JsonataCall[];
  outcome?: JsonataOutcome;
  /** Set once the evaluation is handed off: settles the caller's promise. */
  settle?: (outcome: JsonataOutcome) => void;
}

interface Started {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flags: Int32Array;
}

/**
 * Evaluates JSONata templates in separate processes, bounded in time, memory and value size (see
 * `JsonataLimits`), reached through a worker thread. `evaluate` blocks the calling thread for the
 * answer — up to the timeout, or, given `JsonataEvaluations`, up to a short budget after which it
 * throws `JsonataPending` and the answer arrives asynchronously. The worker starts on first use and
 * never keeps the process alive (a handed-off evaluation does, until it answers); `close` stops it.
 * Effectful only through the functions a request passes in.
 */
export class JsonataRuntime {
  readonly #signatures: Readonly<Record<string, string>>;
  readonly #limits: Required<JsonataLimits>;
  readonly #inFlight = new Map<number, InFlight>();
  #handedOff = 0;
  #started: Started | undefined;
  #nextId = 1;

  /** `signatures`: the caller-implemented functions by name, with their JSONata signatures. */
  constructor(signatures: Readonly<Record<string, string>>, limits: JsonataLimits = {}) {
    this.#signatures = signatures;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The bounds this runtime evaluates within. */
  get limits(): Required<JsonataLimits> {
    return this.#limits;
  }

  /**
   * Evaluates every `{% … %}` string of `request.template`. Without `evaluations` it blocks until
   * the answer (at most the timeout). With them it first looks for an answer recorded by an earlier
   * run of the same decide, and otherwise blocks at most `blockingBudgetMs` before throwing
   * `JsonataPending`, whose promise records the answer in `evaluations`.
   */
  evaluate(request: JsonataRequest, evaluations?: JsonataEvaluations): JsonataOutcome {
    const taken = evaluations?.take(request.field);
    if (taken?.answer !== undefined) {
      for (const call of taken.answer.calls) callFunction(request.functions, call);
      return taken.answer.outcome;
    }
    const started = this.#start();
    const id = this.#nextId++;
    const flight: InFlight = { request, calls: [] };
    this.#inFlight.set(id, flight);
    started.port.postMessage({
      kind: 'evaluate',
      id,
      template: request.template,
      field: request.field,
      states: request.states,
      variables: request.variables,
      nowMillis: request.nowMillis,
    });
    const budgetMs =
      evaluations === undefined ? this.#limits.timeoutMs + TIMEOUT_GRACE_MS : this.#limits.blockingBudgetMs;
    const outcome = this.#waitFor(started, flight, budgetMs);
    if (outcome !== undefined) return outcome;
    if (evaluations === undefined || taken === undefined) {
      this.#inFlight.delete(id);
      void this.#stop();
      throw new JsonataTimeout(this.#limits.timeoutMs);
    }
    throw new JsonataPending(this.#handOff(started, flight, evaluations, taken.rank));
  }

  /** Blocks until `flight` is answered or `budgetMs` has passed, serving every message meanwhile. */
  #waitFor(started: Started, flight: InFlight, budgetMs: number): JsonataOutcome | undefined {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      this.#drain(started);
      if (flight.outcome !== undefined) return flight.outcome;
      const remaining = deadline - performance.now();
      if (remaining <= 0 || Atomics.wait(started.flags, 0, 0, remaining) === 'timed-out') {
        this.#drain(started);
        return flight.outcome;
      }
    }
  }

  #drain(started: Started): void {
    Atomics.store(started.flags, 0, 0);
    for (let received = receiveMessageOnPort(started.port); received !== undefined; ) {
      this.#dispatch(started, received.message as WorkerMessage);
      received = receiveMessageOnPort(started.port);
    }
  }

  #dispatch(started: Started, message: WorkerMessage): void {
    const flight = this.#inFlight.get(message.id);
    if (flight === undefined) return;
    if (message.kind === 'call') {
      const call: JsonataCall = { name: message.name, args: message.args };
      flight.calls.push(call);
      const answer = callFunction(flight.request.functions, call);
      started.port.postMessage({ kind: 'answer', id: message.id, callId: message.callId, ...answer });
      return;
    }
    this.#inFlight.delete(message.id);
    flight.outcome =
      message.kind === 'result' ? { ok: true, value: message.value } : { ok: false, failure: message.failure };
    flight.settle?.(flight.outcome);
  }

  #handOff(started: Started, flight: InFlight, evaluations: JsonataEvaluations, rank: number): Promise<void> {
    if (this.#handedOff++ === 0) started.port.ref();
    return new Promise<JsonataOutcome>((resolve) => {
      flight.settle = resolve;
    }).then((outcome) => {
      if (--this.#handedOff === 0) started.port.unref();
      evaluations.record(rank, flight.request.field, outcome, flight.calls);
    });
  }

  #start(): Started {
    if (this.#started !== undefined) return this.#started;
    const shared = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const limits = this.#limits;
    const worker = new Worker(JSONATA_WORKER_SOURCE, {
      eval: true,
      workerData: {
        evaluatorSource: JSONATA_EVALUATOR_SOURCE,
        jsonataPath: createRequire(import.meta.url).resolve('jsonata'),
        functions: this.#signatures,
        timeoutMs: limits.timeoutMs,
        memoryLimitMb: limits.memoryLimitMb,
        maxValueBytes: limits.maxValueBytes,
        maxProcesses: limits.maxConcurrentEvaluations,
        flags: shared,
        port: port2,
      },
      transferList: [port2],
    });
    worker.unref();
    const started: Started = { worker, port: port1, flags: new Int32Array(shared) };
    // Answers to handed-off evaluations arrive while the calling thread is free.
    port1.on('message', (message: WorkerMessage) => this.#dispatch(started, message));
    port1.unref();
    this.#started = started;
    return started;
  }

  /**
   * Stops the worker and its processes, if they started, and resolves once it has exited; a
   * handed-off evaluation fails. Idempotent; a later `evaluate` would start a new worker.
   */
  async close(): Promise<void> {
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const running = this.#started;
    this.#started = undefined;
    if (running === undefined) return;
    for (const [id, flight] of this.#inFlight) {
      this.#inFlight.delete(id);
      flight.settle?.({
        ok: false,
        failure: { kind: 'error', field: flight.request.field, expression: '', message: 'The JSONata runtime closed' },
      });
    }
    running.port.close();
    await running.worker.terminate();
  }
}

function callFunction(
  functions: Readonly<Record<string, JsonataFunction>>,
  call: JsonataCall,
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
    // The evaluator waits for an answer: whatever went wrong must travel back as the expression's error.
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
