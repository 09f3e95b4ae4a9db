import type { FailState } from '../../asl/index.js';
import {
  describeStateFailure,
  readFieldPath,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../../data/index.js';
import { evaluateField } from '../data-flow.js';
import { StatesFailure } from '../../errors/index.js';
import { emitEntered, failThread, guardState } from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

/** Fail: enters and fails its thread with Error/Cause (or the values at ErrorPath/CausePath). */
export function runFail(
  macrostep: Macrostep,
  threadId: string,
  definition: FailState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    const raw = JSON.parse(input) as JsonValue;
    if (definition.QueryLanguage === 'JSONata') {
      const error = jsonataText(macrostep, threadId, definition.Error, 'Error', raw);
      const cause = jsonataText(macrostep, threadId, definition.Cause, 'Cause', raw);
      return failThread(macrostep, threadId, {
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      });
    }
    const error =
      definition.ErrorPath !== undefined
        ? stringAt(
            readErrorPath(definition.ErrorPath, 'ErrorPath', raw, dataContext),
            'ErrorPath',
            definition.ErrorPath,
            dataContext,
          )
        : definition.Error;
    const cause =
      definition.CausePath !== undefined
        ? stringAt(
            readErrorPath(definition.CausePath, 'CausePath', raw, dataContext),
            'CausePath',
            definition.CausePath,
            dataContext,
          )
        : definition.Cause;
    return failThread(macrostep, threadId, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  });
}

// ErrorPath/CausePath name the field in AWS's not-found cause, as a payload template's key does
// (scenarios/test_invalid_jsonpath); an intrinsic call is evaluated as any path field's is.
function readErrorPath(path: string, field: string, input: JsonValue, dataContext: DataContext): JsonValue {
  return path.startsWith('$')
    ? readFieldPath(path, field, input, dataContext)
    : selectPath(path, input, dataContext, field);
}

function stringAt(value: JsonValue, field: string, path: string, dataContext: DataContext): string {
  if (typeof value === 'string') return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `The ${field} parameter does not reference a valid string value: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

/** JSONata `Error`/`Cause`: a literal string or an expression that must yield one. */
function jsonataText(
  macrostep: Macrostep,
  threadId: string,
  written: string | undefined,
  field: string,
  input: JsonValue,
): string | undefined {
  if (written === undefined) return undefined;
  const value = evaluateField(macrostep, threadId, written, field, { input });
  if (typeof value !== 'string')
    throw unexpectedResultType(macrostep.dataContext(threadId), field, written, 'string', value);
  return value;
}
