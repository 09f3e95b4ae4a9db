import type { SucceedState } from '../asl/index.js';
import { applyInputPath, applyOutputPath, type JsonValue } from '../data/index.js';
import { jsonataOutput } from './data-flow.js';
import { emitEntered, exitState, guardState, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Succeed: enters and leaves with its (filtered) input, ending its thread successfully. */
export function runSucceed(
  s: Stepper,
  threadId: string,
  def: SucceedState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    if (def.QueryLanguage === 'JSONata') {
      const raw = JSON.parse(input) as JsonValue;
      const output = jsonataOutput(s, threadId, def.Output, { input: raw }, raw);
      return exitState(s, threadId, def, serializeOutput(s, threadId, output), undefined);
    }
    const effective = applyInputPath(def.InputPath, JSON.parse(input) as JsonValue, dc);
    const output = applyOutputPath(def.OutputPath, effective, dc);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), undefined);
  });
}
