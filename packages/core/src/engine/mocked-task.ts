import {
  isTerminal,
  MAIN_THREAD,
  type ExecutionIdentity,
  type ExecutionState,
  type PendingTask,
  type Trigger,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';
import type { Store } from '../store/index.js';
import { mockedInvocation, type MockConfig, type MockedInvocation } from './mock-config.js';
import { invokeTask, type TaskInvokerContext, type TaskOutcome } from './task-invoker.js';

/**
 * How many times each state of one execution has scheduled its task, folded from its history, so
 * that a mocked Task answers invocation N with the response for N — after a restart too. Retries,
 * Map iterations and Parallel branches of the same state name all count, in event order.
 */
export class MockInvocations {
  /** The state each thread is in (a …Scheduled event does not name its state). */
  readonly #stateOfThread = new Map<string, string>();
  readonly #scheduledByState = new Map<string, number>();
  /** The invocation index (from 0) of each scheduled task, by its …Scheduled event id. */
  readonly #indexOfTask = new Map<number, number>();

  apply(recorded: RecordedEvent): void {
    const { event, facts } = recorded;
    const thread = facts.thread ?? MAIN_THREAD;
    if ('stateEnteredEventDetails' in event) {
      this.#stateOfThread.set(thread, event.stateEnteredEventDetails.name);
    } else if (
      event.type === 'TaskScheduled' ||
      event.type === 'LambdaFunctionScheduled' ||
      event.type === 'ActivityScheduled'
    ) {
      const name = this.#stateOfThread.get(thread);
      if (name === undefined) return;
      const count = this.#scheduledByState.get(name) ?? 0;
      this.#scheduledByState.set(name, count + 1);
      this.#indexOfTask.set(event.id, count);
    }
  }

  /** Which invocation of its state the task scheduled by `scheduledEventId` is (0 for the first). */
  indexOf(scheduledEventId: number): number | undefined {
    return this.#indexOfTask.get(scheduledEventId);
  }
}

/** What the engine gives the mocked tasks: the configuration, the store to refold from, and how to apply a trigger. */
export interface MockedTasksOptions {
  readonly config: MockConfig;
  readonly store: Store;
  readonly fire: (executionArn: string, trigger: Trigger) => Promise<unknown>;
  /** Told about the completions started here (a test clock waits for them). */
  readonly track?: ((work: Promise<unknown>) => void) | undefined;
}

interface MockedExecution {
  readonly identity: ExecutionIdentity & { readonly testCase: string };
  readonly invocations: MockInvocations;
}

type Answer = MockedInvocation | { readonly missing: string } | undefined;

/**
 * Answers the Tasks of executions started on `stateMachineArn#TestCase` from the mock
 * configuration, where the engine would invoke them: the events are those of a real call (a mocked
 * Lambda still records LambdaFunctionScheduled/Started/Succeeded), and a mocked `.waitForTaskToken`
 * records TaskSubmitted, then completes with the mocked answer as if its token had been sent back.
 * A state the test case does not mock runs for real.
 */
export class MockedTasks {
  readonly #options: MockedTasksOptions;
  readonly #executions = new Map<string, MockedExecution>();
  /** Callback completions under way, by `executionArn#scheduledEventId`. */
  readonly #completing = new Set<string>();

  constructor(options: MockedTasksOptions) {
    this.#options = options;
  }

  /** Refolds a mocked execution's invocation counts from its stored history (a load after a restart). */
  async load(executionArn: string, state: ExecutionState): Promise<void> {
    this.#executions.delete(executionArn);
    if (state.identity?.testCase === undefined || isTerminal(state)) return;
    const invocations = new MockInvocations();
    const pageSize = 5_000;
    let after = 0;
    for (;;) {
      const events = await this.#options.store.readEvents(executionArn, { after, limit: pageSize });
      for (const recorded of events) {
        invocations.apply(recorded);
        after = recorded.event.id;
      }
      if (events.length < pageSize) break;
    }
    this.#executions.set(executionArn, {
      identity: { ...state.identity, testCase: state.identity.testCase },
      invocations,
    });
  }

  /** Folds events just appended (a mocked execution's first events register it; its end forgets it). */
  record(executionArn: string, state: ExecutionState, events: readonly RecordedEvent[]): void {
    const identity = state.identity;
    if (identity?.testCase === undefined) return;
    let execution = this.#executions.get(executionArn);
    if (execution === undefined) {
      execution = { identity: { ...identity, testCase: identity.testCase }, invocations: new MockInvocations() };
      this.#executions.set(executionArn, execution);
    }
    for (const recorded of events) execution.invocations.apply(recorded);
    if (isTerminal(state)) this.#executions.delete(executionArn);
  }

  /** Invokes a task: from its mocked answer when the test case mocks its state, for real otherwise. */
  invoke(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
    const answer = this.#answer(context.executionArn, task, context.stateName);
    if (answer === undefined) return invokeTask(task, context);
    const scheduledEventId = task.scheduledEventId;
    if ('missing' in answer) {
      return Promise.resolve({ kind: 'TaskFailed', scheduledEventId, error: 'States.Runtime', cause: answer.missing });
    }
    // The call a callback makes is mocked away: it submits, and the answer comes as its token's would.
    if (task.waitForTaskToken) return Promise.resolve({ kind: 'TaskSubmitted', scheduledEventId, output: '{}' });
    return Promise.resolve(outcomeOf(answer, scheduledEventId));
  }

  /**
   * Completes every submitted mocked `.waitForTaskToken` task of the execution with its answer —
   * right after its TaskSubmitted, or after a restart that came between the two.
   */
  completeCallbacks(executionArn: string, state: ExecutionState): void {
    if (!this.#executions.has(executionArn)) return;
    for (const thread of Object.values(state.threads)) {
      const task = thread.active?.task;
      if (task === undefined || !task.waitForTaskToken || !task.submitted) continue;
      const answer = this.#answer(executionArn, task, thread.active?.name ?? '');
      const key = `${executionArn}#${task.scheduledEventId}`;
      if (answer === undefined || this.#completing.has(key)) continue;
      const trigger: Trigger =
        'missing' in answer
          ? {
              kind: 'TaskFailed',
              scheduledEventId: task.scheduledEventId,
              error: 'States.Runtime',
              cause: answer.missing,
            }
          : outcomeOf(answer, task.scheduledEventId);
      this.#completing.add(key);
      const work = this.#options.fire(executionArn, trigger).finally(() => this.#completing.delete(key));
      this.#options.track?.(work);
    }
  }

  /** Forgets every execution (the engine closed). */
  clear(): void {
    this.#executions.clear();
  }

  #answer(executionArn: string, task: PendingTask, stateName: string): Answer {
    const execution = this.#executions.get(executionArn);
    if (execution === undefined) return undefined;
    const { stateMachineName, testCase } = execution.identity;
    const config = this.#options.config;
    const mapping = config.stateMachines.get(stateMachineName)?.get(testCase);
    if (mapping === undefined) {
      return {
        missing: `The mock configuration has no test case '${testCase}' for the state machine '${stateMachineName}' any more.`,
      };
    }
    const response = mapping.get(stateName);
    if (response === undefined) return undefined;
    const index = execution.invocations.indexOf(task.scheduledEventId);
    if (index === undefined) {
      return { missing: `The history does not say which invocation of the state '${stateName}' this task is.` };
    }
    const answer = mockedInvocation(config, response, index);
    if (answer !== undefined) return answer;
    return {
      missing: `The mocked response '${response}' has no answer for invocation ${index} of the state '${stateName}' (test case '${testCase}'): give every invocation, retries included, a Return or a Throw.`,
    };
  }
}

function outcomeOf(answer: MockedInvocation, scheduledEventId: number): TaskOutcome {
  if ('Throw' in answer) {
    return { kind: 'TaskFailed', scheduledEventId, error: answer.Throw.Error, cause: answer.Throw.Cause };
  }
  return { kind: 'TaskSucceeded', scheduledEventId, output: JSON.stringify(answer.Return) };
}
