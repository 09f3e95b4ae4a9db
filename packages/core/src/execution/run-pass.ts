import type { PassState } from '../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  resolvePayloadTemplate,
  type JsonValue,
} from '../data/index.js';
import { assignedVariables, jsonataOutput } from './data-flow.js';
import { emitEntered, exitState, guardState, isSerializedOutput, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Pass: enters, shapes its input into a result (Parameters or Result), merges it at ResultPath, leaves. */
export function runPass(s: Stepper, threadId: string, def: PassState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  // A Pass that shapes nothing outputs its input: when that is text this macrostep serialized,
  // parsing and serializing it again would give the same text.
  if (passesInputThrough(def) && isSerializedOutput(s, input)) return exitState(s, threadId, def, input, def.Next);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const raw = JSON.parse(input) as JsonValue;
    if (def.QueryLanguage === 'JSONata') {
      const states = { input: raw };
      const assigned = assignedVariables(s, threadId, def, def.Assign, { value: raw, states });
      const output = jsonataOutput(s, threadId, def.Output, states, raw);
      return exitState(s, threadId, def, serializeOutput(s, threadId, output), def.Next, undefined, assigned);
    }
    const effective = applyInputPath(def.InputPath, raw, dc);
    const result =
      def.Parameters !== undefined
        ? resolvePayloadTemplate(def.Parameters, effective, dc, 'Parameters')
        : def.Result !== undefined
          ? def.Result
          : effective;
    // JSONPath Assign reads the Pass state's result (Parameters, Result, or the effective input).
    const assigned = assignedVariables(s, threadId, def, def.Assign, { value: result, states: { input: raw } });
    const withResult = applyResultPath(def.ResultPath === undefined ? '$' : def.ResultPath, raw, result, dc);
    const output = applyOutputPath(def.OutputPath, withResult, dc);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), def.Next, undefined, assigned);
  });
}

function passesInputThrough(def: PassState): boolean {
  return (
    def.QueryLanguage !== 'JSONata' &&
    def.InputPath === undefined &&
    def.Parameters === undefined &&
    def.Result === undefined &&
    def.ResultPath === undefined &&
    def.OutputPath === undefined &&
    def.Assign === undefined
  );
}
