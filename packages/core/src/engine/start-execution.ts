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
import { qualifiersOf, type LiveExecution } from './live-execution.js';
import type { TriggerEnv } from './trigger-env.js';

/** The live execution a StartExecution creates, before its first events. */
export function newLiveExecution(request: StartExecutionRequest): LiveExecution {
  return {
    executionArn: request.executionArn,
    stateMachineArn: request.stateMachine.stateMachineArn,
    stateMachineRevisionId: request.revision.revisionId,
    model: request.model,
    ...(request.traceHeader !== undefined ? { traceHeader: request.traceHeader } : {}),
    ...qualifiersOf(request),
    state: initialExecutionState,
    draft: newFoldDraft(),
  };
}

/** The `Start` trigger of a StartExecution: who the execution is, and what it was started with. */
export function startTrigger(request: StartExecutionRequest): Trigger {
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
 * outlasts the blocking budget is simply awaited and decide runs again from the start.
 */
export async function decideStart(
  live: LiveExecution,
  trigger: Trigger,
  env: TriggerEnv,
  options: (live: LiveExecution) => DecideOptions,
): Promise<{ readonly events: RecordedEvent[]; readonly state: ExecutionState }> {
  for (;;) {
    try {
      env.rewind();
      return decideAndFold(live.model, live.state, trigger, env, options(live));
    } catch (error) {
      if (!(error instanceof JsonataPending)) throw error;
      // The draft may have changed objects in place: the next run starts from scratch.
      live.draft = newFoldDraft();
      await error.answered;
    }
  }
}
