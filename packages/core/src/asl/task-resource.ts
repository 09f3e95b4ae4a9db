/** How a task is run, which decides the event family AWS uses for it. */
export type TaskKind =
  /** A Lambda function ARN in `Resource`: LambdaFunction* events. */
  | 'lambda-function'
  /** `arn:aws:states:::lambda:invoke` (optionally `.waitForTaskToken`): Task* events. */
  | 'lambda-invoke'
  /** Any other `arn:aws:states:::service:action`: Task* events through a registered handler. */
  | 'service'
  /** An activity ARN: Activity* events, handed to workers by GetActivityTask. */
  | 'activity';

/** How a Task's `Resource` is run and which events describe it. */
export interface TaskResourceInfo {
  readonly kind: TaskKind;
  /** Task* events: the service (`lambda`, `sqs` …) and the action with its suffix (`invoke.waitForTaskToken`). */
  readonly resourceType: string;
  readonly resource: string;
  readonly waitForTaskToken: boolean;
}

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+(:[^:]+)?$/;
const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:.+$/;
const SERVICE_ARN = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/;

const RUN_A_JOB = /\.sync(:2)?$/;

/**
 * True for a "Run a Job" (`.sync`, `.sync:2`) integration: the call starts a job (TaskSubmitted
 * records its answer), and the task ends when the job does. Pure.
 */
export function isSyncResource(resource: string): boolean {
  return RUN_A_JOB.test(resource);
}

/** Classifies a Task `Resource`; undefined for one statefold cannot run. Pure. */
export function classifyResource(resource: string): TaskResourceInfo | undefined {
  if (LAMBDA_FUNCTION_ARN.test(resource))
    return { kind: 'lambda-function', resourceType: 'lambda', resource, waitForTaskToken: false };
  if (ACTIVITY_ARN.test(resource))
    return { kind: 'activity', resourceType: 'activity', resource, waitForTaskToken: false };
  const match = SERVICE_ARN.exec(resource);
  if (match === null) return undefined;
  const [, service = '', action = ''] = match;
  const waitForTaskToken = action.endsWith('.waitForTaskToken');
  const kind: TaskKind = service === 'lambda' && action.split('.')[0] === 'invoke' ? 'lambda-invoke' : 'service';
  return { kind, resourceType: service, resource: action, waitForTaskToken };
}
