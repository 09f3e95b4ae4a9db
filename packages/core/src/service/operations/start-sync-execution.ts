import type { Subscription } from 'rxjs';
import { StateMachineTypeNotSupported } from '../../errors/index.js';
import type { ExecutionSummary } from '../../store/index.js';
import type { StartSyncExecutionInput, StartSyncExecutionOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireStateMachine } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { startExecution } from './start-execution.js';

/** AWS bills an Express execution's duration in 100 ms steps and its memory in 64 MB steps. */
const BILLED_DURATION_STEP_MS = 100;
const BILLED_MEMORY_MB = 64;

/**
 * StartSyncExecution: starts an execution of an EXPRESS state machine and answers when it has ended
 * (at most five minutes), with its status, output or error and `billingDetails`. A failed execution
 * is a 200 answer, as on AWS. `includedData: METADATA_ONLY` leaves out input and output. Throws what
 * StartExecution throws, and `StateMachineTypeNotSupported` for a STANDARD state machine.
 */
export async function startSyncExecution(
  context: ServiceContext,
  input: StartSyncExecutionInput,
): Promise<StartSyncExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn))
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  validator.oneOf('includedData', input.includedData, ['ALL_DATA', 'METADATA_ONLY']);
  validator.throwIfInvalid();
  const stateMachine = await requireStateMachine(context, input.stateMachineArn);
  if (stateMachine.type !== 'EXPRESS') {
    throw new StateMachineTypeNotSupported('This operation is not supported by this type of state machine');
  }

  const ended = watchEnds(context);
  let summary: ExecutionSummary | undefined;
  try {
    const { includedData: _included, ...start } = input;
    const { executionArn } = await startExecution(context, start);
    summary = await ended.until(executionArn);
  } finally {
    ended.subscription.unsubscribe();
  }
  return syncOutput(summary, input.includedData !== 'METADATA_ONLY');
}

const ENDS = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * Watches every execution's end from before the start, so an end appended before the caller knows
 * the execution's ARN is not missed; `until` resolves with the ended execution's summary.
 */
function watchEnds(context: ServiceContext): {
  readonly subscription: Subscription;
  until(executionArn: string): Promise<ExecutionSummary>;
} {
  const endedBeforeAsked = new Set<string>();
  let waiting:
    | { readonly executionArn: string; readonly resolve: () => void; readonly reject: (error: Error) => void }
    | undefined;
  const subscription = context.engine.events$.subscribe({
    next: ({ executionArn, event }) => {
      if (!ENDS.has(event.type)) return;
      if (waiting?.executionArn === executionArn) waiting.resolve();
      else if (waiting === undefined) endedBeforeAsked.add(executionArn);
    },
    complete: () => waiting?.reject(new Error('The service closed before the execution ended')),
  });
  const read = async (executionArn: string): Promise<ExecutionSummary> => {
    const summary = await context.store.getExecution(executionArn);
    if (summary === undefined) throw new Error(`The execution ${executionArn} is not stored`);
    return summary;
  };
  return {
    subscription,
    async until(executionArn) {
      if (!endedBeforeAsked.has(executionArn)) {
        const summary = await read(executionArn);
        if (summary.status !== 'RUNNING') return summary;
        await new Promise<void>((resolve, reject) => {
          waiting = { executionArn, resolve, reject };
        });
      }
      return read(executionArn);
    },
  };
}

function syncOutput(summary: ExecutionSummary, withData: boolean): StartSyncExecutionOutput {
  const stopDate = summary.stopDate ?? summary.startDate;
  const durationMs = Math.max(0, Date.parse(stopDate) - Date.parse(summary.startDate));
  // An Express execution cannot be stopped: an end is SUCCEEDED, FAILED or TIMED_OUT.
  const status = summary.status === 'SUCCEEDED' || summary.status === 'TIMED_OUT' ? summary.status : 'FAILED';
  return {
    executionArn: summary.executionArn,
    stateMachineArn: summary.stateMachineArn,
    name: summary.name,
    startDate: new Date(summary.startDate),
    stopDate: new Date(stopDate),
    status,
    ...(summary.error === undefined ? {} : { error: summary.error }),
    ...(summary.cause === undefined ? {} : { cause: summary.cause }),
    ...(withData ? { input: summary.input, inputDetails: { included: true } } : {}),
    ...(withData && summary.output !== undefined ? { output: summary.output, outputDetails: { included: true } } : {}),
    ...(summary.traceHeader === undefined ? {} : { traceHeader: summary.traceHeader }),
    billingDetails: {
      billedMemoryUsedInMB: BILLED_MEMORY_MB,
      billedDurationInMilliseconds: Math.max(
        BILLED_DURATION_STEP_MS,
        Math.ceil(durationMs / BILLED_DURATION_STEP_MS) * BILLED_DURATION_STEP_MS,
      ),
    },
  };
}
