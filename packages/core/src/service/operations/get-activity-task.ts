import type { GetActivityTaskInput, GetActivityTaskOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireActivity } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/** How long a GetActivityTask long poll waits for a task, as on AWS. */
export const ACTIVITY_POLL_MS = 60_000;

/**
 * GetActivityTask: long-polls the engine up to 60 s for a task of the activity and hands it to
 * this worker; `{}` when none arrives or `signal` aborts (the client went away). Throws
 * `ValidationException`, `InvalidArn`, `ActivityDoesNotExist`.
 */
export async function getActivityTask(
  context: ServiceContext,
  input: GetActivityTaskInput,
  options: { readonly signal?: AbortSignal | undefined } = {},
): Promise<GetActivityTaskOutput> {
  const validator = new RequestValidator();
  if (validator.required('activityArn', input.activityArn))
    validator.string('activityArn', input.activityArn, constraints.arn);
  validator.string('workerName', input.workerName, constraints.workerName);
  validator.throwIfInvalid();

  const activity = await requireActivity(context, input.activityArn);
  const task = await context.engine.getActivityTask(activity.activityArn, {
    waitMs: ACTIVITY_POLL_MS,
    ...(input.workerName === undefined ? {} : { workerName: input.workerName }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return task === undefined ? {} : { taskToken: task.taskToken, input: task.input };
}
