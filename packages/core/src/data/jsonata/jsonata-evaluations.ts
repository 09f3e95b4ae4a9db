import type { JsonValue } from '../json/json.js';

/** What the evaluator reports when an expression fails, yields nothing or exceeds a bound. */
export type JsonataFailureDetails = {
  /** The field (with its path inside the field's JSON, `Output/a[0]`) the expression was written in. */
  readonly field: string;
  /** The expression, without its `{% %}` delimiters (empty when the failure is not one expression's). */
  readonly expression: string;
} & (
  | { readonly kind: 'error'; readonly code?: string; readonly message?: string }
  | { readonly kind: 'undefined' }
  /** The expression returned a function, which is no JSON value. */
  | { readonly kind: 'unsupported' }
  /** The value exceeded the runtime's `maxValueBytes`. */
  | { readonly kind: 'too-large'; readonly bytes: number }
  /** The evaluation did not finish within the runtime's `timeoutMs`. */
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  /** The evaluation ran out of the runtime's `memoryLimitMb`. */
  | { readonly kind: 'memory'; readonly limitMb: number }
);

/** The outcome of one evaluation. */
export type JsonataOutcome =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly failure: JsonataFailureDetails };

/** A call an expression made to a caller-implemented function, in the order made. */
export interface JsonataCall {
  readonly name: string;
  readonly args: readonly ({ readonly absent: true } | { readonly value: JsonValue })[];
}

interface Answer {
  readonly field: string;
  readonly outcome: JsonataOutcome;
  readonly calls: readonly JsonataCall[];
}

/**
 * The answers of the evaluations one `decide` asked for and had to wait for, by their rank among
 * that decide's evaluations. Owned by the caller of `decide` (the engine, one per trigger it
 * applies), which runs decide again once a waited-for evaluation has answered: decide is
 * deterministic, so its n-th evaluation is the same one on every run, and it takes the answer from
 * here. The calls the expression made are made again in the same order, so that the values they
 * draw (`$random()`, `$uuid()`) are drawn again — the caller's randomness must give the same
 * values on every run (see the engine's draw tape) — and recorded with the new run's events.
 */
export class JsonataEvaluations {
  readonly #answers: Answer[] = [];
  #next = 0;

  /** Starts a run of `decide`: its first evaluation is rank 0 again. */
  rewind(): void {
    this.#next = 0;
  }

  /** The rank of the next evaluation, and the answer recorded for it (when it is for `field`). */
  take(field: string): { readonly rank: number; readonly answer: Answer | undefined } {
    const rank = this.#next++;
    const answer = this.#answers[rank];
    return { rank, answer: answer?.field === field ? answer : undefined };
  }

  record(rank: number, field: string, outcome: JsonataOutcome, calls: readonly JsonataCall[]): void {
    this.#answers[rank] = { field, outcome, calls };
  }
}

/**
 * Thrown out of `decide` when an expression is still evaluating after the runtime's blocking
 * budget: the caller awaits `answered` (which records the answer in its `JsonataEvaluations`),
 * drops whatever decide had built, and runs decide again. Not an error of the execution.
 */
export class JsonataPending extends Error {
  constructor(readonly answered: Promise<void>) {
    super('A JSONata evaluation is still running; run decide again once it has answered');
    this.name = 'JsonataPending';
  }
}
