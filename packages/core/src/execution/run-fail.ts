import type { FailState } from '../asl/index.js';
import { describeStateFailure, selectPath, type DataContext, type JsonValue } from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import { emitEntered, failThread, guardState } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Fail: enters and fails its thread with Error/Cause (or the values at ErrorPath/CausePath). */
export function runFail(s: Stepper, threadId: string, def: FailState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const raw = JSON.parse(input) as JsonValue;
    const error = def.ErrorPath !== undefined ? stringAt(selectPath(def.ErrorPath, raw, dc, 'ErrorPath'), 'ErrorPath', def.ErrorPath, dc) : def.Error;
    const cause = def.CausePath !== undefined ? stringAt(selectPath(def.CausePath, raw, dc, 'CausePath'), 'CausePath', def.CausePath, dc) : def.Cause;
    return failThread(s, threadId, { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
  });
}

function stringAt(value: JsonValue, field: string, path: string, dc: DataContext): string {
  if (typeof value === 'string') return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(dc, `The ${field} parameter does not reference a valid string value: ${path} == ${JSON.stringify(value)}`),
  );
}
