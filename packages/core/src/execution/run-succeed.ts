import type { SucceedState } from '../asl/index.js';
import { applyInputPath, applyOutputPath, type JsonValue } from '../data/index.js';
import { emitEntered, exitState, guardState, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Succeed: enters and leaves with its (filtered) input, ending its thread successfully. */
export function runSucceed(s: Stepper, threadId: string, def: SucceedState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const effective = applyInputPath(def.InputPath, JSON.parse(input) as JsonValue, dc);
    const output = applyOutputPath(def.OutputPath, effective, dc);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), undefined);
  });
}
