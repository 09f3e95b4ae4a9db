/**
 * A runtime failure inside an execution (`States.Runtime`, `States.IntrinsicFailure`, a Task's own
 * error name …); `cause` is AWS's cause text. It is a fact about the execution, not an API error: `decide` catches it at the
 * state boundary, where Retry and Catch can match `error`, and records it in a `…Failed` event.
 */
export class StatesFailure extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesFailure';
  }
}
