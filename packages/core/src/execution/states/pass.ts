import type { PassState } from '../../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  resolvePayloadTemplate,
  type JsonValue,
} from '../../data/index.js';
import { assignedVariables } from '../data-flow.js';
import { inspect } from '../inspection.js';
import {
  emitEntered,
  exitJsonataState,
  exitState,
  guardState,
  isSerializedOutput,
  serializeOutput,
} from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

/** Pass: enters, shapes its input into a result (Parameters or Result), merges it at ResultPath, leaves. */
export function runPass(
  macrostep: Macrostep,
  threadId: string,
  definition: PassState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  // A Pass that shapes nothing outputs its input: when that is text this macrostep serialized,
  // parsing and serializing it again would give the same text.
  if (macrostep.inspection === undefined && passesInputThrough(definition) && isSerializedOutput(macrostep, input))
    return exitState(macrostep, threadId, definition, input, definition.Next);
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    const raw = JSON.parse(input) as JsonValue;
    if (definition.QueryLanguage === 'JSONata') return exitJsonataState(macrostep, threadId, definition, raw);
    const effective = applyInputPath(definition.InputPath, raw, dataContext);
    // A Result is the Pass state's result even beside Parameters (conformance test_state
    // test_base_inspection_level_debug[IO_RESULT_PASS_STATE]).
    const result =
      definition.Result !== undefined
        ? definition.Result
        : definition.Parameters !== undefined
          ? resolvePayloadTemplate(definition.Parameters, effective, dataContext, 'Parameters')
          : effective;
    // JSONPath Assign reads the Pass state's result (Parameters, Result, or the effective input).
    const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, {
      value: result,
      states: { input: raw },
    });
    // A Pass with a Result ignores its input, and AWS's inspection shows none of its input processing.
    inspect(
      macrostep,
      threadId,
      definition.Result !== undefined ? { result } : { afterInputPath: effective, afterParameters: result },
    );
    const withResult = applyResultPath(
      definition.ResultPath === undefined ? '$' : definition.ResultPath,
      raw,
      result,
      dataContext,
    );
    inspect(macrostep, threadId, { afterResultSelector: result, afterResultPath: withResult });
    const output = applyOutputPath(definition.OutputPath, withResult, dataContext);
    return exitState(
      macrostep,
      threadId,
      definition,
      serializeOutput(macrostep, threadId, output),
      definition.Next,
      undefined,
      assigned,
    );
  });
}

function passesInputThrough(definition: PassState): boolean {
  return (
    definition.QueryLanguage !== 'JSONata' &&
    definition.InputPath === undefined &&
    definition.Parameters === undefined &&
    definition.Result === undefined &&
    definition.ResultPath === undefined &&
    definition.OutputPath === undefined &&
    definition.Assign === undefined
  );
}
