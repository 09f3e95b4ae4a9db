export { decide, decideAndFold, decideTestStart, MAX_HISTORY_EVENTS, type DecideOptions } from './decide.js';
export { createDecideRuntime, type DecideRuntime } from './decide-runtime.js';
export { pendingEffects, type PendingEffect } from './effects.js';
export { evolve } from './evolve.js';
export { evolveInPlace, foldEvents } from './evolve-in-place.js';
export { newFoldDraft, type FoldDraft } from './fold-draft.js';
export {
  initialExecutionState,
  isTerminal,
  MAIN_THREAD,
  type ActiveState,
  type ExecutionIdentity,
  type ExecutionState,
  type MapRunProgress,
  type PendingTask,
  type ThreadState,
  withRetryAttempts,
} from './execution-state.js';
export type { DecideEnv, MacrostepTestOptions } from './macrostep.js';
export type { StateInspection } from './inspection.js';
export {
  createMockedParentRunners,
  type MockedParentOptions,
  type StateMock,
} from './states/mocked-parents.js';
export { MAX_PAYLOAD_BYTES } from './state-flow.js';
export { createTaskToken, readTaskToken, type TaskTokenClaims } from './task-token.js';
export { INTERNAL_ERROR_CAUSE, type Trigger } from './trigger.js';
export {
  MAX_EXECUTION_TIME_MS,
  REDRIVABLE_PERIOD_MS,
  redriveRefusal,
  type RedriveCandidate,
} from './redrive-rules.js';
