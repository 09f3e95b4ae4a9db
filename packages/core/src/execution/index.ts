export { decide, decideAndFold, MAX_HISTORY_EVENTS, type DecideOptions } from './decide.js';
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
  type PendingTask,
  type ThreadState,
} from './execution-state.js';
export type { DecideEnv } from './macrostep.js';
export { createTaskToken, readTaskToken, type TaskTokenClaims } from './task-token.js';
export { INTERNAL_ERROR_CAUSE, type Trigger } from './trigger.js';
