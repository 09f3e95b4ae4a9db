import {
  createJsonataRuntime,
  createTextParsers,
  TimestampFormatter,
  type JsonataLimits,
  type JsonataRuntime,
  type TextParsers,
} from '../data/index.js';

/**
 * What `decide` keeps from one call to the next, owned by whoever calls it (one per engine, one per
 * replay) and shared by all its executions: the JSONata runtime, whose worker thread starts on the
 * first JSONata evaluation, and the memories that spare each call work an earlier one did (parsed
 * paths and intrinsic calls, the last timestamp's text). None of it changes what `decide` returns.
 * `decide` lives on one thread, and so does its runtime.
 */
export interface DecideRuntime {
  readonly jsonata: JsonataRuntime;
  readonly parsers: TextParsers;
  readonly timestamps: TimestampFormatter;
  /** Stops the JSONata worker, if it started; resolves once it has exited. Idempotent. */
  close(): Promise<void>;
}

/**
 * A new decide runtime; `jsonata` bounds every JSONata evaluation (time, memory, value size). Starts no thread: a state machine that never uses JSONata never starts the
 * worker, and a started worker never keeps the process alive; `close` stops it.
 *
 * @example
 * const runtime = createDecideRuntime();
 * const events = decide(model, initialExecutionState, trigger, { now, random, uuid, runtime });
 * await runtime.close();
 */
export function createDecideRuntime(options: { readonly jsonata?: JsonataLimits } = {}): DecideRuntime {
  const jsonata = createJsonataRuntime(options.jsonata);
  return {
    jsonata,
    parsers: createTextParsers(),
    timestamps: new TimestampFormatter(),
    close: () => jsonata.close(),
  };
}
