import {
  StepFunctions,
  memoryStore,
  type JsonValue,
  type LambdaInvoker,
  type LambdaInvokeResult,
  type RecordedEvent,
  type Store,
} from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';

// Test-only: executions of every state type and trigger run by the real engine (memory store,
// fake clock, in-process Lambda functions), whose recorded histories the replay tests replay.

export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
export const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:';

/** One recorded execution: the definition it ran and its stored events. */
export interface RecordedScenario {
  readonly name: string;
  readonly definition: string;
  readonly events: readonly RecordedEvent[];
}

type Drive = (f: ScenarioFixture, executionArn: string) => Promise<void>;

export interface Scenario {
  readonly name: string;
  readonly definition: object;
  readonly input?: unknown;
  readonly drive?: Drive;
}

const advance =
  (ms: number): Drive =>
  async (f) => {
    await f.clock.advance(ms);
  };

/** The scenarios, each a definition, an input and what the test does while it runs. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'Pass, Choice and Succeed',
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { n: 3 }, ResultPath: '$.counter', Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.counter.n', NumericGreaterThan: 2, Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Pass', Parameters: { 'size.$': "States.Format('big {}', $.counter.n)" }, Next: 'Done' },
        Small: { Type: 'Pass', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
    input: { order: 1 },
  },
  {
    name: 'a Fail state',
    definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it failed' } } },
  },
  {
    name: 'an hour-long Wait',
    definition: {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, Next: 'P' }, P: { Type: 'Pass', End: true } },
    },
    drive: advance(3_600_000),
  },
  {
    name: 'a Lambda task with selectors',
    definition: {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: `${FN}double`,
          ResultSelector: { 'twice.$': '$.n' },
          ResultPath: '$.r',
          TimeoutSeconds: 30,
          End: true,
        },
      },
    },
    input: { n: 4 },
  },
  {
    name: 'retries with backoff and jitter, then a Catch',
    definition: {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: `${FN}flaky`,
          Retry: [
            { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 3, JitterStrategy: 'FULL' },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    },
    drive: advance(60_000),
  },
  {
    name: 'a Parallel of Lambda branches',
    definition: {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Task', Resource: `${FN}double`, End: true } } },
            {
              StartAt: 'B',
              States: { B: { Type: 'Pass', Result: 'b', Next: 'C' }, C: { Type: 'Wait', Seconds: 5, End: true } },
            },
          ],
          ResultPath: '$.both',
          End: true,
        },
      },
    },
    input: { n: 1 },
    drive: advance(5_000),
  },
  {
    name: 'a Map with concurrency and tolerated failures',
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ToleratedFailureCount: 1,
          ItemSelector: { 'n.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
          ItemProcessor: { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: `${FN}double`, End: true } } },
          End: true,
        },
      },
    },
    input: { items: [1, 'x', 3, 4] },
  },
  {
    name: 'an activity with a heartbeat',
    definition: {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: `${ACTIVITY}worker`, HeartbeatSeconds: 60, TimeoutSeconds: 600, End: true },
      },
    },
    input: { job: 7 },
    drive: async (f) => {
      const task = await f.sfn.getActivityTask({ activityArn: `${ACTIVITY}worker`, workerName: 'w1' });
      await f.sfn.sendTaskHeartbeat({ taskToken: task.taskToken ?? '' });
      await f.sfn.sendTaskSuccess({ taskToken: task.taskToken ?? '', output: '{"done":true}' });
    },
  },
  {
    name: 'a callback with a task token',
    definition: {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    },
    drive: async (f, arn) => {
      await f.sfn.sendTaskFailure({ taskToken: await taskTokenOf(f, arn), error: 'Rejected', cause: 'no' });
    },
  },
  {
    name: 'a task timeout',
    definition: {
      StartAt: 'Slow',
      States: { Slow: { Type: 'Task', Resource: `${FN}slow`, TimeoutSeconds: 10, End: true } },
    },
    drive: advance(10_000),
  },
  {
    name: 'a stopped execution',
    definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
    drive: async (f, arn) => {
      await f.sfn.stopExecution({ executionArn: arn, error: 'Operator', cause: 'stopped by hand' });
    },
  },
  {
    name: 'an execution timeout',
    definition: { TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
    drive: advance(30_000),
  },
  {
    name: 'intrinsic UUIDs',
    definition: {
      StartAt: 'Id',
      States: {
        Id: {
          Type: 'Pass',
          Parameters: { 'id.$': 'States.UUID()', 'hash.$': "States.Hash('a', 'SHA-256')" },
          End: true,
        },
      },
    },
  },
  {
    name: 'JSONata fields, variables and a Choice Condition',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Double',
      States: {
        Double: {
          Type: 'Pass',
          Assign: { seen: '{% $states.input.n %}' },
          Output: { n: '{% $states.input.n * 2 %}', at: '{% $now() %}' },
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > $seen %}', Next: 'Done', Output: { n: '{% $seen %}' } }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: { n: 3 },
  },
];

/** A clock that does not wait for Lambda calls a test holds open (a timeout must cut them short). */
class HoldingClock extends FakeClock {
  parkNext = false;

  override track(work: Promise<unknown>): void {
    if (this.parkNext) {
      this.parkNext = false;
      return;
    }
    super.track(work);
  }
}

type LambdaBody = (payload: JsonValue) => JsonValue;

/** Lambda functions by name; `slow` never answers (until its invocation is aborted). */
class ScenarioLambda implements LambdaInvoker {
  readonly #functions: Readonly<Record<string, LambdaBody>>;

  constructor(
    readonly clock: HoldingClock,
    functions: Readonly<Record<string, LambdaBody>>,
  ) {
    this.#functions = functions;
  }

  async invoke(request: {
    readonly functionName: string;
    readonly payload: JsonValue;
    readonly signal?: AbortSignal;
  }): Promise<LambdaInvokeResult> {
    const name = request.functionName.slice(request.functionName.lastIndexOf(':') + 1);
    if (name === 'slow') {
      this.clock.parkNext = true;
      return new Promise<LambdaInvokeResult>((_resolve, reject) => {
        request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    const body = this.#functions[name];
    if (body === undefined) throw new Error(`No function ${name}`);
    try {
      return { payload: body(request.payload) };
    } catch (error) {
      const e = error as Error;
      return { payload: { errorType: e.name, errorMessage: e.message }, functionError: 'Unhandled' };
    }
  }
}

/** A service on `store` with the Lambda functions and activity the scenarios call, and its clock. */
export interface ScenarioFixture {
  readonly sfn: StepFunctions;
  readonly clock: FakeClock;
  readonly store: Store;
}

/** Builds a fixture; uuids are numbered and `random()` is 0.5, so runs are reproducible. */
export async function scenarioFixture(store: Store = memoryStore()): Promise<ScenarioFixture> {
  const clock = new HoldingClock(new Date('2024-01-01T00:00:00.000Z'));
  let flakyCalls = 0;
  let uuids = 0;
  const objectN = (payload: JsonValue): unknown =>
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, JsonValue>)['n']
      : undefined;
  const lambda = new ScenarioLambda(clock, {
    double: (payload) => {
      const n = objectN(payload);
      if (typeof n !== 'number') throw new TypeError('n must be a number');
      return { n: n * 2 };
    },
    flaky: () => {
      flakyCalls++;
      throw new RangeError(`attempt ${flakyCalls} failed`);
    },
    notify: () => 'queued',
  });
  const sfn = new StepFunctions({
    store,
    clock,
    lambda,
    random: () => 0.5,
    uuid: () => `12345678-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
  });
  await sfn.createActivity({ name: 'worker' });
  return { sfn, clock, store };
}

/** The task token of the execution's first scheduled task that has one. */
export async function taskTokenOf(f: ScenarioFixture, executionArn: string): Promise<string> {
  const events = await f.store.readEvents(executionArn);
  const token = events.find(({ facts }) => facts.taskToken !== undefined)?.facts.taskToken;
  if (token === undefined) throw new Error(`No task token in ${executionArn}`);
  return token;
}

/** Runs one scenario to its end on `f` and returns the execution's ARN. */
export async function runScenario(f: ScenarioFixture, scenario: Scenario, name?: string): Promise<string> {
  const { stateMachineArn } = await f.sfn.createStateMachine({
    name: name ?? scenario.name.replace(/[^A-Za-z0-9]+/g, '-'),
    definition: JSON.stringify(scenario.definition),
    roleArn: 'arn:aws:iam::123456789012:role/replay',
  });
  const { executionArn } = await f.sfn.startExecution({ stateMachineArn, input: JSON.stringify(scenario.input ?? {}) });
  await f.clock.settle();
  await scenario.drive?.(f, executionArn);
  await f.clock.settle();
  const { status } = await f.sfn.describeExecution({ executionArn });
  if (status === 'RUNNING') throw new Error(`Scenario '${scenario.name}' did not finish`);
  return executionArn;
}

/** Runs every scenario to its end and returns each recorded history. */
export async function recordScenarios(): Promise<RecordedScenario[]> {
  const recorded: RecordedScenario[] = [];
  for (const scenario of SCENARIOS) {
    const f = await scenarioFixture();
    const arn = await runScenario(f, scenario);
    recorded.push({
      name: scenario.name,
      definition: JSON.stringify(scenario.definition),
      events: await f.store.readEvents(arn),
    });
    await f.sfn.close();
  }
  return recorded;
}
