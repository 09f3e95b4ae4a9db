// The crash test's workload: state machines covering waits, retries, activities, callbacks,
// parallel and map, the executions to start, the in-process Lambda functions, and what the
// activity worker and the callback completer answer. Everything an execution outputs is a
// function of its input and its history (never of time, of timing or of how often a Lambda ran),
// so the same workload must end the same way whether or not the engine was killed under it.

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/statefold-crash`;
export const ACTIVITY_NAME = 'crash-worker';
export const ACTIVITY_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:activity:${ACTIVITY_NAME}`;

const lambdaArn = (name) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const flakyRetry = { ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 };

/** The state machines by workload kind. */
export const DEFINITIONS = {
  waits: {
    StartAt: 'Prepare',
    States: {
      Prepare: {
        Type: 'Pass',
        Parameters: { 'n.$': '$.n', 'delay.$': '$.delay', 'shifted.$': 'States.MathAdd($.n, 1000)' },
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', SecondsPath: '$.delay', Next: 'Again' },
      Again: { Type: 'Wait', Seconds: 1, Next: 'Done' },
      Done: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'shifted.$': '$.shifted', waited: true }, End: true },
    },
  },
  retries: {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: lambdaArn('flaky'),
        Parameters: { 'n.$': '$.n', 'failures.$': '$.failures', 'attempt.$': '$$.State.RetryCount' },
        Retry: [flakyRetry],
        Catch: [{ ErrorEquals: ['Flaky'], ResultPath: '$.caught', Next: 'Caught' }],
        ResultPath: '$.result',
        Next: 'Check',
      },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.refuse', BooleanEquals: true, Next: 'Refuse' }],
        Default: 'Done',
      },
      Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'this one is refused' },
      Caught: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'error.$': '$.caught.Error' }, End: true },
      Done: { Type: 'Pass', OutputPath: '$.result', End: true },
    },
  },
  activities: {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: ACTIVITY_ARN,
        Parameters: { 'n.$': '$.n' },
        // A worker that dies holding a task never answers: the timeout hands the task out again.
        TimeoutSeconds: 3,
        Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 12, BackoffRate: 1 }],
        Catch: [{ ErrorEquals: ['WorkerRefused'], ResultPath: '$.refusal', Next: 'Refused' }],
        Next: 'Done',
      },
      Refused: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'refused.$': '$.refusal.Cause' }, End: true },
      Done: { Type: 'Pass', End: true },
    },
  },
  callbacks: {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'callback', Payload: { 'token.$': '$$.Task.Token', 'n.$': '$.n' } },
        ResultPath: '$.answer',
        Next: 'Done',
      },
      Done: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'answer.$': '$.answer' }, End: true },
    },
  },
  parallel: {
    StartAt: 'Fork',
    States: {
      Fork: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Sleep',
            States: {
              Sleep: { Type: 'Wait', Seconds: 1, Next: 'Label' },
              Label: { Type: 'Pass', Parameters: { 'slept.$': '$.n' }, End: true },
            },
          },
          {
            StartAt: 'Square',
            States: {
              Square: {
                Type: 'Task',
                Resource: lambdaArn('square'),
                Parameters: { 'n.$': '$.n', 'attempt.$': '$$.State.RetryCount' },
                Retry: [flakyRetry],
                End: true,
              },
            },
          },
          { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
        ],
        ResultSelector: { 'slept.$': '$[0].slept', 'square.$': '$[1]', 'echo.$': '$[2].n' },
        End: true,
      },
    },
  },
  map: {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemSelector: { 'n.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Square',
          States: {
            Square: {
              Type: 'Task',
              Resource: lambdaArn('square'),
              Parameters: { 'n.$': '$.n', 'attempt.$': '$$.State.RetryCount' },
              Retry: [flakyRetry],
              Next: 'Pause',
            },
            Pause: { Type: 'Wait', Seconds: 1, End: true },
          },
        },
        Next: 'Total',
      },
      Total: { Type: 'Pass', Parameters: { 'squares.$': '$', 'count.$': 'States.ArrayLength($)' }, End: true },
    },
  },
};

/** Executions per workload kind. */
export const EXECUTIONS_PER_KIND = 40;

/** Every execution of the workload: its name, kind (= state machine) and input. */
export function plannedExecutions() {
  const planned = [];
  for (let n = 0; n < EXECUTIONS_PER_KIND; n++) {
    for (const kind of Object.keys(DEFINITIONS)) {
      planned.push({ name: `${kind}-${n}`, kind, input: JSON.stringify(inputOf(kind, n)) });
    }
  }
  return planned;
}

function inputOf(kind, n) {
  switch (kind) {
    case 'waits':
      return { n, delay: n % 3 };
    case 'retries':
      // Up to 2 failures succeed after retries; 3 exhaust MaxAttempts (2) and are caught.
      return { n, failures: n % 4, refuse: n % 8 === 1 };
    case 'map':
      return { n, items: [n, n + 1, n + 2].slice(0, 1 + (n % 3)) };
    default:
      return { n };
  }
}

/** The state machine ARN of a workload kind. */
export function stateMachineArnOf(kind) {
  return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:crash-${kind}`;
}

/** A Lambda error whose payload (and so the execution's history) does not depend on where it was thrown. */
function flaky(message) {
  const error = new Error(message);
  error.name = 'Flaky';
  error.stack = `Flaky: ${message}`;
  return error;
}

/**
 * The in-process Lambda functions. `sendToken` hands a callback's task token to whoever completes
 * it, resolving once it is on its way.
 */
export function lambdaFunctions(sendToken) {
  return {
    flaky(payload) {
      if (payload.attempt < payload.failures) throw flaky(`attempt ${payload.attempt} of ${payload.n} fails`);
      return { n: payload.n, attempts: payload.attempt + 1 };
    },
    square(payload) {
      // Even numbers fail their first try, so Parallel branches and Map iterations retry too.
      if (payload.attempt === 0 && payload.n % 2 === 0) throw flaky(`first try of ${payload.n} fails`);
      return payload.n * payload.n;
    },
    async callback(payload) {
      await sendToken(payload.token, payload.n);
      return { queued: true };
    },
  };
}

/** What the activity worker answers for a task's input: a success output, or a failure. */
export function activityAnswer(input) {
  const n = JSON.parse(input).n;
  if (n % 5 === 0) return { ok: false, error: 'WorkerRefused', cause: `the worker refuses ${n}` };
  return { ok: true, output: JSON.stringify({ n, doubled: n * 2 }) };
}

/** What the callback completer sends with SendTaskSuccess for item `n`. */
export function callbackAnswer(n) {
  return JSON.stringify({ n, tripled: n * 3 });
}
