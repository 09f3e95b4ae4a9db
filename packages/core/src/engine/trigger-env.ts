import { JsonataEvaluations } from '../data/index.js';
import type { DecideEnv, DecideRuntime } from '../execution/index.js';

/**
 * The env of one trigger's `decide`, which may run several times: when a JSONata evaluation
 * outlasts the runtime's blocking budget, decide throws `JsonataPending` and runs again once the
 * answer is in `jsonataEvaluations`. Every run must see the same world, so the time is fixed and
 * the values drawn are kept on a tape: run n draws the values run n−1 drew, in the same order
 * (decide is deterministic), and only draws beyond them are new. The draws the handed-off
 * evaluation made (its `$uuid()`, say) extend the tape too, and are drawn again on the next run.
 */
export class TriggerEnv implements DecideEnv {
  readonly jsonataEvaluations = new JsonataEvaluations();
  readonly #tape: (number | string)[] = [];
  #position = 0;

  constructor(
    readonly now: Date,
    readonly runtime: DecideRuntime,
    private readonly source: { readonly random: () => number; readonly uuid: () => string },
  ) {}

  /** Starts a run of decide: it draws from the start of the tape again. */
  rewind(): void {
    this.#position = 0;
    this.jsonataEvaluations.rewind();
  }

  readonly random = (): number => {
    const value = this.#next(this.source.random);
    if (typeof value !== 'number') throw new TypeError('decide drew a number where its earlier run drew a UUID');
    return value;
  };

  readonly uuid = (): string => {
    const value = this.#next(this.source.uuid);
    if (typeof value !== 'string') throw new TypeError('decide drew a UUID where its earlier run drew a number');
    return value;
  };

  #next(draw: () => number | string): number | string {
    const position = this.#position++;
    if (position < this.#tape.length) return this.#tape[position] as number | string;
    const value = draw();
    this.#tape.push(value);
    return value;
  }
}
