import type { SucceedState } from '../../asl/index.js';
import { applyInputPath, applyOutputPath, type JsonValue } from '../../data/index.js';
import { jsonataOutput } from '../data-flow.js';
import { emitEntered, exitState, guardState, serializeOutput } from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

/** Succeed: enters and leaves with its (filtered) input, ending its thread successfully. */
export function runSucceed(
  macrostep: Macrostep,
  threadId: string,
  definition: SucceedState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    if (definition.QueryLanguage === 'JSONata') {
      const raw = JSON.parse(input) as JsonValue;
      const output = jsonataOutput(macrostep, threadId, definition.Output, { input: raw }, raw);
      return exitState(macrostep, threadId, definition, serializeOutput(macrostep, threadId, output), undefined);
    }
    const effective = applyInputPath(definition.InputPath, JSON.parse(input) as JsonValue, dataContext);
    const output = applyOutputPath(definition.OutputPath, effective, dataContext);
    return exitState(macrostep, threadId, definition, serializeOutput(macrostep, threadId, output), undefined);
  });
}
