import { MAX_SECONDS, type Catcher, type State } from '../asl/index.js';
import type { ActiveState } from './execution-state.js';
import type { DecideEnv } from './macrostep.js';

/** What a failed state does next. */
export type Recovery =
  | { readonly kind: 'retry'; readonly retrierIndex: number; readonly dueAt: string }
  | { readonly kind: 'catch'; readonly catcher: Catcher }
  | { readonly kind: 'propagate' };

/**
 * True when an `ErrorEquals` list matches `error`, with AWS's wildcards: `States.ALL` matches
 * everything but the terminal `States.DataLimitExceeded` and `States.Runtime`; `States.TaskFailed`
 * matches everything but timeouts; `States.Timeout` also matches `States.HeartbeatTimeout`.
 * `States.Runtime` is never caught or retried. A `States.DataLimitExceeded` that a task reported
 * (a result past the limit, recorded as its failure event) is no longer terminal: AWS's `States.ALL`
 * catches it (error_handling/test_task_lambda, services/test_lambda_task_service *_catch_state_all_*).
 */
export function errorMatches(errorEquals: readonly string[], error: string, reportedByTask = false): boolean {
  if (error === 'States.Runtime') return false;
  return errorEquals.some((name) => {
    if (name === error) return true;
    switch (name) {
      case 'States.ALL':
        return reportedByTask || error !== 'States.DataLimitExceeded';
      case 'States.TaskFailed':
        return (
          error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout' && error !== 'States.DataLimitExceeded'
        );
      case 'States.Timeout':
        return error === 'States.HeartbeatTimeout';
      default:
        return false;
    }
  });
}

/**
 * Chooses between Retry (the first retrier that matches, if it has attempts left), Catch (the
 * first catcher that matches) and propagation. Pure: the jitter comes from `env.random`, and the
 * resulting deadline is recorded in the failure event.
 */
export function chooseRecovery(
  definition: State,
  active: ActiveState,
  error: string,
  env: DecideEnv,
  canRetry: boolean,
  reportedByTask = false,
): Recovery {
  const retriers = 'Retry' in definition ? (definition.Retry ?? []) : [];
  const catchers = 'Catch' in definition ? (definition.Catch ?? []) : [];
  if (canRetry) {
    const retrierIndex = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error, reportedByTask));
    const retrier = retriers[retrierIndex];
    if (retrier !== undefined) {
      const attempts = active.retryAttempts[retrierIndex] ?? 0;
      if (attempts < retrier.MaxAttempts) {
        // Without MaxDelaySeconds the backoff can pass any date there is (BackoffRate 1e300): it
        // stops at the longest interval ASL allows, which no execution outlives.
        let delaySeconds = Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** attempts, MAX_SECONDS);
        if (retrier.MaxDelaySeconds !== undefined) delaySeconds = Math.min(delaySeconds, retrier.MaxDelaySeconds);
        if (retrier.JitterStrategy === 'FULL') delaySeconds *= env.random();
        const dueAt = env.runtime.timestamps.format(env.now.getTime() + Math.round(delaySeconds * 1000));
        return { kind: 'retry', retrierIndex, dueAt };
      }
    }
  }
  const catcher = catchers.find((candidate) => errorMatches(candidate.ErrorEquals, error, reportedByTask));
  return catcher !== undefined ? { kind: 'catch', catcher } : { kind: 'propagate' };
}
