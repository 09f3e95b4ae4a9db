import type { JsonValue } from '../data/index.js';
import { MAIN_THREAD } from './execution-state.js';

/**
 * What TestState reports of the tested state's data flow (its `inspectionData`, values as JSON
 * rather than text). The runners write it while they run the state, so it holds exactly the values
 * the state computed; only the main thread's state is inspected.
 */
export interface StateInspection {
  afterInputPath?: JsonValue;
  afterParameters?: JsonValue;
  afterArguments?: JsonValue;
  result?: JsonValue;
  afterResultSelector?: JsonValue;
  afterResultPath?: JsonValue;
  afterItemsPath?: JsonValue;
  afterItemSelector?: JsonValue;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
  /** The error the state failed with, whether a retrier or a catcher took it or not (not in AWS's inspectionData). */
  failure?: { readonly error: string; readonly cause?: string };
}

/** Records `values` when the macrostep is inspecting and `threadId` runs the tested state. */
export function inspect(
  macrostep: { readonly inspection: StateInspection | undefined },
  threadId: string,
  values: StateInspection,
): void {
  const inspection = macrostep.inspection;
  if (inspection === undefined || threadId !== MAIN_THREAD) return;
  Object.assign(inspection, values);
}
