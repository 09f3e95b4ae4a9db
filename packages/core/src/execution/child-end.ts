/** An error and cause, either of which a Fail state may leave out. */
export interface Failure {
  readonly error?: string;
  readonly cause?: string;
}

/** How a child thread (a Parallel branch, a Map iteration) ended: with an output, or failed. */
export type ChildEnd = { readonly output: string } | Failure;
