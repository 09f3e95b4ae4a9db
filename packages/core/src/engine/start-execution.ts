import { JsonataPending } from '../data/index.js';
import {
  decideAndFold,
  initialExecutionState,
  newFoldDraft,
  type DecideOptions,
  type ExecutionState,
  type Trigger,
} from '../execution/index.js';
import { definitionSha256, type RecordedEvent } from '../history/index.js';
import type { StartExecutionRequest } from './engine-api.js';
import { describeError, ExecutionRunFailed, runtimeFailure } from './execution-run-failed.js';
import { qualifiersOf, type LiveExecution } from './live-execution.js';
import type { TriggerEnv } from './trigger-env.js';

/** The trigger that starts an execution. */
type StartTrigger = Extract<Trigger, { kind: 'Start' }>;

/** The live execution a StartExecution creates, before its first events. */
export function newLiveExecution(request: StartExecutionRequest): LiveExecution {
  return {
    executionArn: request.executionArn,
    stateMachineArn: request.stateMachine.stateMachineArn,
    stateMachineRevisionId: request.revision.revisionId,
    model: request.model,
    ...(request.traceHeader !== undefined ? { traceHeader: request.traceHeader } : {}),
    ...qualifiersOf(request),
    ...(request.mapRunArn !== undefined ? { mapRunArn: request.mapRunArn } : {}),
    state: initialExecutionState,
    draft: newFoldDraft(),
  };
}

/** The `Start` trigger of a StartExecution: who the execution is, and what it was started with. */
export function startTrigger(request: StartExecutionRequest): StartTrigger {
  return {
    kind: 'Start',
    identity: {
      executionArn: request.executionArn,
      name: request.name,
      stateMachineArn: request.stateMachine.stateMachineArn,
      stateMachineName: request.stateMachine.name,
      stateMachineRevisionId: request.revision.revisionId,
      definitionSha256: definitionSha256(request.revision.definition),
      ...(request.stateMachine.type === 'EXPRESS' ? { stateMachineType: 'EXPRESS' as const } : {}),
      ...(request.testCase === undefined ? {} : { testCase: request.testCase }),
    },
    input: request.input,
    roleArn: request.revision.roleArn,
    ...qualifiersOf(request),
  };
}

/**
 * Decides the first events of a new execution. Nothing is stored yet, so a JSONata evaluation that
 * outlasts the blocking budget is simply awaited and decide runs again from the start. When decide
 * fails on the start, the failure is reported and the caller still gets its execution, which has
 * failed with `States.Runtime` as AWS fails one it cannot run.
 */
export async function decideStart(
  live: LiveExecution,
  start: StartTrigger,
  newEnv: () => TriggerEnv,
  options: (live: LiveExecution) => DecideOptions,
  onError: (error: unknown) => void,
): Promise<{ readonly events: RecordedEvent[]; readonly state: ExecutionState }> {
  let trigger = start;
  let env = newEnv();
  for (;;) {
    try {
      env.rewind();
      return decideAndFold(live.model, live.state, trigger, env, options(live));
    } catch (error) {
      // The draft may have changed objects in place: the next run starts from scratch.
      live.draft = newFoldDraft();
      if (error instanceof JsonataPending) {
        await error.answered;
        continue;
      }
      if (trigger.runtimeFailure !== undefined) throw error;
      const reason = describeError(error);
      onError(new ExecutionRunFailed(live.executionArn, reason, { cause: error }));
      trigger = { ...trigger, runtimeFailure: runtimeFailure(reason).cause };
      env = newEnv();
    }
  }
}
