import type { FailState } from '../asl/index.js';
import {
  describeStateFailure,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../data/index.js';
import { evaluateField } from './data-flow.js';
import { StatesFailure } from '../errors/index.js';
import { emitEntered, failThread, guardState } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Fail: enters and fails its thread with Error/Cause (or the values at ErrorPath/CausePath). */
export function runFail(s: Stepper, threadId: string, def: FailState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const raw = JSON.parse(input) as JsonValue;
    if (def.QueryLanguage === 'JSONata') {
      const error = jsonataText(s, threadId, def.Error, 'Error', raw);
      const cause = jsonataText(s, threadId, def.Cause, 'Cause', raw);
      return failThread(s, threadId, {
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      });
    }
    const error =
      def.ErrorPath !== undefined
        ? stringAt(selectPath(def.ErrorPath, raw, dc, 'ErrorPath'), 'ErrorPath', def.ErrorPath, dc)
        : def.Error;
    const cause =
      def.CausePath !== undefined
        ? stringAt(selectPath(def.CausePath, raw, dc, 'CausePath'), 'CausePath', def.CausePath, dc)
        : def.Cause;
    return failThread(s, threadId, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  });
}

function stringAt(value: JsonValue, field: string, path: string, dc: DataContext): string {
  if (typeof value === 'string') return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dc,
      `The ${field} parameter does not reference a valid string value: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

/** JSONata `Error`/`Cause`: a literal string or an expression that must yield one. */
function jsonataText(
  s: Stepper,
  threadId: string,
  written: string | undefined,
  field: string,
  input: JsonValue,
): string | undefined {
  if (written === undefined) return undefined;
  const value = evaluateField(s, threadId, written, field, { input });
  if (typeof value !== 'string') throw unexpectedResultType(s.dataContext(threadId), field, written, 'string', value);
  return value;
}
