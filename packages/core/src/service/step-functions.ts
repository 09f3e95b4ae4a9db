import {
  KeyedMutex,
  systemClock,
  systemRandomness,
  type Clock,
  type ExecutionEngine,
  parseMockConfig,
  type LambdaInvoker,
  type MockConfigFile,
  type ServiceTaskHandler,
} from '../engine/index.js';
import type { JsonataLimits } from '../data/index.js';
import { MemoryStore, type Store } from '../store/index.js';
import type * as Api from './api-types.js';
import { createExecutionEngine, type ExecutionEngineDependencies } from './create-execution-engine.js';
import { ModelCache } from './model-cache.js';
import { createStartExecutionTask, START_EXECUTION_RESOURCE } from './start-execution-task.js';
import { createActivity } from './operations/create-activity.js';
import { createStateMachine } from './operations/create-state-machine.js';
import { deleteActivity } from './operations/delete-activity.js';
import { deleteStateMachine } from './operations/delete-state-machine.js';
import { describeActivity } from './operations/describe-activity.js';
import { describeExecution } from './operations/describe-execution.js';
import { describeMapRun } from './operations/describe-map-run.js';
import { listMapRuns } from './operations/list-map-runs.js';
import { updateMapRun } from './operations/update-map-run.js';
import { describeStateMachineForExecution } from './operations/describe-state-machine-for-execution.js';
import { describeStateMachine } from './operations/describe-state-machine.js';
import { getActivityTask } from './operations/get-activity-task.js';
import { getExecutionHistory } from './operations/get-execution-history.js';
import { listActivities } from './operations/list-activities.js';
import { listExecutions } from './operations/list-executions.js';
import { listStateMachines } from './operations/list-state-machines.js';
import { listTagsForResource } from './operations/list-tags-for-resource.js';
import { redriveExecution } from './operations/redrive-execution.js';
import { sendTaskFailure } from './operations/send-task-failure.js';
import { sendTaskHeartbeat } from './operations/send-task-heartbeat.js';
import { sendTaskSuccess } from './operations/send-task-success.js';
import { startExecution } from './operations/start-execution.js';
import { startSyncExecution } from './operations/start-sync-execution.js';
import { stopExecution } from './operations/stop-execution.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateStateMachine } from './operations/update-state-machine.js';
import { validateStateMachineDefinition } from './operations/validate-state-machine-definition.js';
// Versions and aliases.
import { createStateMachineAlias } from './operations/create-state-machine-alias.js';
import { deleteStateMachineAlias } from './operations/delete-state-machine-alias.js';
import { deleteStateMachineVersion } from './operations/delete-state-machine-version.js';
import { describeStateMachineAlias } from './operations/describe-state-machine-alias.js';
import { listStateMachineAliases } from './operations/list-state-machine-aliases.js';
import { listStateMachineVersions } from './operations/list-state-machine-versions.js';
import { publishStateMachineVersion } from './operations/publish-state-machine-version.js';
import { updateStateMachineAlias } from './operations/update-state-machine-alias.js';
import type { ServiceContext, ServiceLimits } from './service-context.js';
import { testState, type TestStateDependencies } from './operations/test-state.js';
import { createDecideRuntime, type DecideRuntime } from '../execution/index.js';

/** How a `StepFunctions` service is built. Every option has a default. */
export interface StepFunctionsOptions {
  /**
   * Where state machines, activities and execution histories live. A fresh `MemoryStore` by
   * default (nothing survives the process); `sqliteStore({ filename })` from
   * `@statefold/store-sqlite` keeps them in a file.
   */
  readonly store?: Store;
  /** Time for dates and timers; the system clock by default, a fake clock in tests. */
  readonly clock?: Clock;
  /** Runs Lambda tasks (function ARNs and `arn:aws:states:::lambda:invoke`). */
  readonly lambda?: LambdaInvoker;
  /** Service integration handlers by resource ARN; `arn:aws:states:::<service>:*` handles every action of a service. */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  /** The account in every ARN; `123456789012` by default. */
  readonly accountId?: string;
  /** The region in every ARN; `us-east-1` by default. */
  readonly region?: string;
  /** Optional quotas (state machines, activities, open executions, tags per resource). */
  readonly limits?: ServiceLimits;
  /** UUIDs for execution names, revision ids, task tokens and `States.UUID`; `crypto.randomUUID` by default. */
  readonly uuid?: () => string;
  /**
   * Numbers in [0, 1) for retry jitter, `States.MathRandom` and an alias's choice between its two
   * versions; `Math.random` by default.
   */
  readonly random?: () => number;
  /** AWS fails an execution whose history reaches 25,000 events; a benchmark may allow more. */
  readonly maxHistoryEvents?: number;
  /**
   * Called with failures of the engine's background work (a store that cannot be written, an
   * execution failed with `States.Runtime` because it could not run on), with the execution they
   * hit when there is one; one line on stderr by default.
   */
  readonly onError?: (error: unknown, executionArn?: string) => void;
  /** Bounds of every JSONata evaluation: time (30 s), memory (256 MiB), value size (1 MiB) by default. */
  readonly jsonata?: JsonataLimits;
  /**
   * Keep Express executions readable through DescribeExecution and GetExecutionHistory, for
   * debugging. Off by default, as on AWS, which keeps no history of Express executions.
   */
  readonly expressHistory?: boolean;
  /**
   * Step Functions Local's mock configuration (the JSON of a `MockConfigFile.json`): StartExecution
   * on `stateMachineArn#TestCase` runs that test case, its Tasks answered by the mocked responses.
   * Validated here: a wrong one throws `InvalidMockConfig` naming the place.
   */
  readonly mockConfig?: MockConfigFile;
  /** Builds the engine from the service's dependencies; the core engine by default. */
  readonly createEngine?: (dependencies: ExecutionEngineDependencies) => ExecutionEngine;
}

/**
 * AWS Step Functions as an embeddable TypeScript API: one async method per API action, taking the
 * SDK's `<Action>Input` and returning its `<Action>Output` (timestamps as `Date`). Every bad request
 * rejects with the AWS error class of its code (`StepFunctionsError`). Reads go to the store;
 * changes to executions go through the engine, which this instance owns.
 *
 * @example
 * const sfn = new StepFunctions(); // in memory; `{ store: await sqliteStore({ filename }) }` for a file
 * const { stateMachineArn } = await sfn.createStateMachine({ name: 'hello', definition, roleArn });
 * const { executionArn } = await sfn.startExecution({ stateMachineArn, input: '{}' });
 */
export class StepFunctions {
  /** The engine running this service's executions (its `events$` streams every appended event). */
  readonly engine: ExecutionEngine;
  readonly #context: ServiceContext;
  /** The store this service made for itself (no `store` option), which it closes with itself. */
  readonly #ownStore: Store | undefined;
  readonly #testState: TestStateDependencies;
  /** TestState's decide runtime, made on its first call. */
  #testRuntime: DecideRuntime | undefined;

  constructor(options: StepFunctionsOptions = {}) {
    const store = options.store ?? new MemoryStore();
    this.#ownStore = options.store === undefined ? store : undefined;
    const clock = options.clock ?? systemClock;
    const accountId = options.accountId ?? '123456789012';
    const region = options.region ?? 'us-east-1';
    const build = options.createEngine ?? createExecutionEngine;
    const uuid = options.uuid ?? systemRandomness.uuid;
    const random = options.random ?? systemRandomness.random;
    const mockConfig = options.mockConfig === undefined ? undefined : parseMockConfig(options.mockConfig);
    this.engine = build({
      store,
      clock,
      accountId,
      region,
      uuid,
      random,
      ...(options.maxHistoryEvents === undefined ? {} : { maxHistoryEvents: options.maxHistoryEvents }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.jsonata === undefined ? {} : { jsonata: options.jsonata }),
      ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
      // Nested executions run on this service itself, unless the embedder routes them elsewhere.
      services: { [START_EXECUTION_RESOURCE]: createStartExecutionTask(() => this.#context), ...options.services },
      ...(mockConfig === undefined ? {} : { mockConfig }),
    });
    const models = new ModelCache();
    const stateMachineChanges = new KeyedMutex();
    this.#context = {
      store,
      engine: this.engine,
      clock,
      uuid,
      random,
      exclusive: (stateMachineArn, work) => stateMachineChanges.run(stateMachineArn, work),
      scope: { accountId, region },
      limits: options.limits ?? {},
      expressHistory: options.expressHistory ?? false,
      modelOf: (revision) => models.modelOf(revision),
      ...(mockConfig === undefined ? {} : { mockConfig }),
    };
    this.#testState = {
      clock,
      scope: { accountId, region },
      uuid,
      random: options.random ?? systemRandomness.random,
      lambda: options.lambda,
      services: options.services ?? {},
      runtime: () => (this.#testRuntime ??= createDecideRuntime()),
    };
  }

  /** Resumes every execution the store holds as RUNNING (after a restart); resolves with how many. */
  recover(): Promise<number> {
    return this.engine.recover();
  }

  /**
   * Stops the engine's timers and in-flight work. A store passed in stays open (its owner closes
   * it); the default memory store is closed.
   */
  async close(): Promise<void> {
    await this.engine.close();
    await this.#testRuntime?.close();
    await this.#ownStore?.close();
  }

  createActivity(input: Api.CreateActivityInput): Promise<Api.CreateActivityOutput> {
    return createActivity(this.#context, input);
  }
  createStateMachine(input: Api.CreateStateMachineInput): Promise<Api.CreateStateMachineOutput> {
    return createStateMachine(this.#context, input);
  }
  deleteActivity(input: Api.DeleteActivityInput): Promise<Api.DeleteActivityOutput> {
    return deleteActivity(this.#context, input);
  }
  deleteStateMachine(input: Api.DeleteStateMachineInput): Promise<Api.DeleteStateMachineOutput> {
    return deleteStateMachine(this.#context, input);
  }
  describeActivity(input: Api.DescribeActivityInput): Promise<Api.DescribeActivityOutput> {
    return describeActivity(this.#context, input);
  }
  describeExecution(input: Api.DescribeExecutionInput): Promise<Api.DescribeExecutionOutput> {
    return describeExecution(this.#context, input);
  }
  describeStateMachine(input: Api.DescribeStateMachineInput): Promise<Api.DescribeStateMachineOutput> {
    return describeStateMachine(this.#context, input);
  }
  describeStateMachineForExecution(
    input: Api.DescribeStateMachineForExecutionInput,
  ): Promise<Api.DescribeStateMachineForExecutionOutput> {
    return describeStateMachineForExecution(this.#context, input);
  }
  /** Long-polls up to 60 s; `options.signal` ends the poll early (the server aborts it on disconnect). */
  getActivityTask(
    input: Api.GetActivityTaskInput,
    options: { readonly signal?: AbortSignal | undefined } = {},
  ): Promise<Api.GetActivityTaskOutput> {
    return getActivityTask(this.#context, input, options);
  }
  getExecutionHistory(input: Api.GetExecutionHistoryInput): Promise<Api.GetExecutionHistoryOutput> {
    return getExecutionHistory(this.#context, input);
  }
  listActivities(input: Api.ListActivitiesInput = {}): Promise<Api.ListActivitiesOutput> {
    return listActivities(this.#context, input);
  }
  listExecutions(input: Api.ListExecutionsInput): Promise<Api.ListExecutionsOutput> {
    return listExecutions(this.#context, input);
  }
  listStateMachines(input: Api.ListStateMachinesInput = {}): Promise<Api.ListStateMachinesOutput> {
    return listStateMachines(this.#context, input);
  }
  listTagsForResource(input: Api.ListTagsForResourceInput): Promise<Api.ListTagsForResourceOutput> {
    return listTagsForResource(this.#context, input);
  }
  redriveExecution(input: Api.RedriveExecutionInput): Promise<Api.RedriveExecutionOutput> {
    return redriveExecution(this.#context, input);
  }
  sendTaskFailure(input: Api.SendTaskFailureInput): Promise<Api.SendTaskFailureOutput> {
    return sendTaskFailure(this.#context, input);
  }
  sendTaskHeartbeat(input: Api.SendTaskHeartbeatInput): Promise<Api.SendTaskHeartbeatOutput> {
    return sendTaskHeartbeat(this.#context, input);
  }
  sendTaskSuccess(input: Api.SendTaskSuccessInput): Promise<Api.SendTaskSuccessOutput> {
    return sendTaskSuccess(this.#context, input);
  }
  startExecution(input: Api.StartExecutionInput): Promise<Api.StartExecutionOutput> {
    return startExecution(this.#context, input);
  }
  /** Answers once the Express execution has ended (at most five minutes of the service's clock). */
  startSyncExecution(input: Api.StartSyncExecutionInput): Promise<Api.StartSyncExecutionOutput> {
    return startSyncExecution(this.#context, input);
  }
  stopExecution(input: Api.StopExecutionInput): Promise<Api.StopExecutionOutput> {
    return stopExecution(this.#context, input);
  }
  tagResource(input: Api.TagResourceInput): Promise<Api.TagResourceOutput> {
    return tagResource(this.#context, input);
  }
  /**
   * Runs one state (see `testState` in operations/test-state.ts): nothing is stored, and a mock
   * can stand in for the state's work.
   */
  testState(input: Api.TestStateInput): Promise<Api.TestStateOutput> {
    return testState(this.#testState, input);
  }
  untagResource(input: Api.UntagResourceInput): Promise<Api.UntagResourceOutput> {
    return untagResource(this.#context, input);
  }
  updateStateMachine(input: Api.UpdateStateMachineInput): Promise<Api.UpdateStateMachineOutput> {
    return updateStateMachine(this.#context, input);
  }
  validateStateMachineDefinition(
    input: Api.ValidateStateMachineDefinitionInput,
  ): Promise<Api.ValidateStateMachineDefinitionOutput> {
    return validateStateMachineDefinition(input);
  }

  // Versions and aliases.

  createStateMachineAlias(input: Api.CreateStateMachineAliasInput): Promise<Api.CreateStateMachineAliasOutput> {
    return createStateMachineAlias(this.#context, input);
  }
  deleteStateMachineAlias(input: Api.DeleteStateMachineAliasInput): Promise<Api.DeleteStateMachineAliasOutput> {
    return deleteStateMachineAlias(this.#context, input);
  }
  deleteStateMachineVersion(input: Api.DeleteStateMachineVersionInput): Promise<Api.DeleteStateMachineVersionOutput> {
    return deleteStateMachineVersion(this.#context, input);
  }
  describeStateMachineAlias(input: Api.DescribeStateMachineAliasInput): Promise<Api.DescribeStateMachineAliasOutput> {
    return describeStateMachineAlias(this.#context, input);
  }
  listStateMachineAliases(input: Api.ListStateMachineAliasesInput): Promise<Api.ListStateMachineAliasesOutput> {
    return listStateMachineAliases(this.#context, input);
  }
  listStateMachineVersions(input: Api.ListStateMachineVersionsInput): Promise<Api.ListStateMachineVersionsOutput> {
    return listStateMachineVersions(this.#context, input);
  }
  publishStateMachineVersion(
    input: Api.PublishStateMachineVersionInput,
  ): Promise<Api.PublishStateMachineVersionOutput> {
    return publishStateMachineVersion(this.#context, input);
  }
  updateStateMachineAlias(input: Api.UpdateStateMachineAliasInput): Promise<Api.UpdateStateMachineAliasOutput> {
    return updateStateMachineAlias(this.#context, input);
  }

  // Map Runs.

  describeMapRun(input: Api.DescribeMapRunInput): Promise<Api.DescribeMapRunOutput> {
    return describeMapRun(this.#context, input);
  }
  listMapRuns(input: Api.ListMapRunsInput): Promise<Api.ListMapRunsOutput> {
    return listMapRuns(this.#context, input);
  }
  updateMapRun(input: Api.UpdateMapRunInput): Promise<Api.UpdateMapRunOutput> {
    return updateMapRun(this.#context, input);
  }
}
