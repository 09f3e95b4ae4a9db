import type { EventFacts } from '../history/index.js';
import { MAIN_THREAD, type ExecutionState } from './execution-state.js';
import type { Macrostep } from './macrostep.js';

// Where an unsuccessful end records its redrive point, and what a redrive carries into the state it
// re-enters (decide-redrive.ts). Only the main thread's state is re-entered; a redriven Parallel or
// Map keeps the outputs of the branches or iterations that had succeeded and runs only the others,
// each from its start.

/** True when a Redrive trigger applies: the execution ended unsuccessfully where it can be re-entered. */
export function canRedrive(state: ExecutionState): boolean {
  return (
    (state.status === 'FAILED' || state.status === 'ABORTED' || state.status === 'TIMED_OUT') &&
    state.redrivePoint !== undefined
  );
}

/**
 * The redrive point of the main thread as it is now (before its end is emitted): its state, input
 * and the outputs its Parallel branches or Map iterations have produced. Undefined without one.
 */
export function redriveFacts(macrostep: Macrostep): EventFacts['redrive'] {
  const active = macrostep.active(MAIN_THREAD);
  if (active === undefined) return undefined;
  const failedRun = macrostep.redrive.failedRun;
  const outputs =
    active.parallel?.outputs ??
    active.map?.outputs ??
    (failedRun?.enteredEventId === active.enteredEventId ? failedRun.outputs : undefined);
  const kept = outputs !== undefined && Object.keys(outputs).length > 0 ? { outputs } : {};
  return { state: active.name, input: active.input, ...kept };
}

/** A main-thread Parallel or Map is failing with these outputs: kept for the redrive point. */
export function noteFailedRun(macrostep: Macrostep, threadId: string, outputs: Readonly<Record<number, string>>): void {
  const active = macrostep.active(threadId);
  if (threadId === MAIN_THREAD && active !== undefined)
    macrostep.redrive.failedRun = { enteredEventId: active.enteredEventId, outputs };
}

/** The outputs a redrive carries into the thread's active Parallel or Map, once (its first start). */
export function takeCarried(macrostep: Macrostep, threadId: string): Readonly<Record<number, string>> | undefined {
  const carried = macrostep.redrive.carried;
  if (threadId !== MAIN_THREAD || carried === undefined || macrostep.active(threadId)?.name !== carried.state)
    return undefined;
  macrostep.redrive.carried = undefined;
  return carried.outputs;
}
