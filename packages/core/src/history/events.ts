// The history event wire shapes of the Step Functions API (`HistoryEvent` and its
// `…EventDetails` members), exactly as today's AWS serialises them. One place for them all.
// statefold's own facts about an event are not here: they travel beside it (recorded-event.ts).
// `input`/`output` are JSON text, as on the wire. `timestamp` is an ISO-8601 string so that
// an event is plain data that survives any store unchanged; the server turns it into epoch seconds.

/** `inputDetails`/`outputDetails`: whether AWS truncated the payload (statefold never does). */
export interface HistoryEventExecutionDataDetails {
  readonly truncated: boolean;
}

export interface ErrorCauseDetails {
  readonly error?: string;
  readonly cause?: string;
}

export interface TaskCredentials {
  readonly roleArn?: string;
}

export interface ExecutionStartedEventDetails {
  readonly input: string;
  readonly inputDetails: HistoryEventExecutionDataDetails;
  readonly roleArn: string;
  readonly stateMachineAliasArn?: string;
  readonly stateMachineVersionArn?: string;
}

export interface ExecutionSucceededEventDetails {
  readonly output: string;
  readonly outputDetails: HistoryEventExecutionDataDetails;
}

export interface ExecutionRedrivenEventDetails {
  readonly redriveCount: number;
}

export interface StateEnteredEventDetails {
  readonly name: string;
  readonly input: string;
  readonly inputDetails: HistoryEventExecutionDataDetails;
}

export interface StateExitedEventDetails {
  readonly name: string;
  readonly output: string;
  readonly outputDetails: HistoryEventExecutionDataDetails;
  /** Variables the state assigned, each value as JSON text. */
  readonly assignedVariables?: Readonly<Record<string, string>>;
  readonly assignedVariablesDetails?: { readonly truncated: boolean };
}

export interface LambdaFunctionScheduledEventDetails {
  readonly resource: string;
  readonly input: string;
  readonly inputDetails: HistoryEventExecutionDataDetails;
  readonly timeoutInSeconds?: number;
  readonly taskCredentials?: TaskCredentials;
}

export interface OutputDetails {
  readonly output: string;
  readonly outputDetails: HistoryEventExecutionDataDetails;
}

export interface ActivityScheduledEventDetails {
  readonly resource: string;
  readonly input: string;
  readonly inputDetails: HistoryEventExecutionDataDetails;
  readonly timeoutInSeconds?: number;
  readonly heartbeatInSeconds?: number;
}

export interface ActivityStartedEventDetails {
  readonly workerName?: string;
}

/** Every Task* event names the integration: `resourceType` (`lambda`, `states` …) and `resource` (`invoke` …). */
export interface TaskResource {
  readonly resourceType: string;
  readonly resource: string;
}

export interface TaskScheduledEventDetails extends TaskResource {
  readonly region: string;
  /** The effective parameters (JSON text). */
  readonly parameters: string;
  readonly timeoutInSeconds?: number;
  readonly heartbeatInSeconds?: number;
  readonly taskCredentials?: TaskCredentials;
}

export type TaskErrorDetails = TaskResource & ErrorCauseDetails;
export type TaskOutputDetails = TaskResource & OutputDetails;

export interface MapStateStartedEventDetails {
  readonly length: number;
}

export interface MapIterationEventDetails {
  readonly name: string;
  readonly index: number;
}

export interface EvaluationFailedEventDetails extends ErrorCauseDetails {
  readonly state: string;
  readonly location?: string;
}

/** The fields every event has; `D` is its one details member (or nothing). */
export type EventOf<T extends string, D = unknown> = {
  readonly id: number;
  readonly previousEventId: number;
  /** ISO-8601 with milliseconds, UTC. */
  readonly timestamp: string;
  readonly type: T;
} & D;

type StateEntered<T extends string> = EventOf<T, { readonly stateEnteredEventDetails: StateEnteredEventDetails }>;
type StateExited<T extends string> = EventOf<T, { readonly stateExitedEventDetails: StateExitedEventDetails }>;

export type ExecutionStartedEvent = EventOf<
  'ExecutionStarted',
  { readonly executionStartedEventDetails: ExecutionStartedEventDetails }
>;
export type ExecutionSucceededEvent = EventOf<
  'ExecutionSucceeded',
  { readonly executionSucceededEventDetails: ExecutionSucceededEventDetails }
>;
export type ExecutionFailedEvent = EventOf<
  'ExecutionFailed',
  { readonly executionFailedEventDetails: ErrorCauseDetails }
>;
export type ExecutionAbortedEvent = EventOf<
  'ExecutionAborted',
  { readonly executionAbortedEventDetails: ErrorCauseDetails }
>;
export type ExecutionTimedOutEvent = EventOf<
  'ExecutionTimedOut',
  { readonly executionTimedOutEventDetails: ErrorCauseDetails }
>;
export type ExecutionRedrivenEvent = EventOf<
  'ExecutionRedriven',
  { readonly executionRedrivenEventDetails: ExecutionRedrivenEventDetails }
>;

export type PassStateEnteredEvent = StateEntered<'PassStateEntered'>;
export type PassStateExitedEvent = StateExited<'PassStateExited'>;
export type ChoiceStateEnteredEvent = StateEntered<'ChoiceStateEntered'>;
export type ChoiceStateExitedEvent = StateExited<'ChoiceStateExited'>;
export type WaitStateEnteredEvent = StateEntered<'WaitStateEntered'>;
export type WaitStateExitedEvent = StateExited<'WaitStateExited'>;
export type WaitStateAbortedEvent = EventOf<'WaitStateAborted'>;
export type SucceedStateEnteredEvent = StateEntered<'SucceedStateEntered'>;
export type SucceedStateExitedEvent = StateExited<'SucceedStateExited'>;
export type FailStateEnteredEvent = StateEntered<'FailStateEntered'>;
export type TaskStateEnteredEvent = StateEntered<'TaskStateEntered'>;
export type TaskStateExitedEvent = StateExited<'TaskStateExited'>;
export type TaskStateAbortedEvent = EventOf<'TaskStateAborted'>;
export type ParallelStateEnteredEvent = StateEntered<'ParallelStateEntered'>;
export type ParallelStateExitedEvent = StateExited<'ParallelStateExited'>;
export type ParallelStateStartedEvent = EventOf<'ParallelStateStarted'>;
export type ParallelStateSucceededEvent = EventOf<'ParallelStateSucceeded'>;
export type ParallelStateFailedEvent = EventOf<'ParallelStateFailed'>;
export type ParallelStateAbortedEvent = EventOf<'ParallelStateAborted'>;
export type MapStateEnteredEvent = StateEntered<'MapStateEntered'>;
export type MapStateExitedEvent = StateExited<'MapStateExited'>;
export type MapStateStartedEvent = EventOf<
  'MapStateStarted',
  { readonly mapStateStartedEventDetails: MapStateStartedEventDetails }
>;
export type MapStateSucceededEvent = EventOf<'MapStateSucceeded'>;
export type MapStateFailedEvent = EventOf<'MapStateFailed'>;
export type MapStateAbortedEvent = EventOf<'MapStateAborted'>;
export type MapIterationStartedEvent = EventOf<
  'MapIterationStarted',
  { readonly mapIterationStartedEventDetails: MapIterationEventDetails }
>;
export type MapIterationSucceededEvent = EventOf<
  'MapIterationSucceeded',
  { readonly mapIterationSucceededEventDetails: MapIterationEventDetails }
>;
export type MapIterationFailedEvent = EventOf<
  'MapIterationFailed',
  { readonly mapIterationFailedEventDetails: MapIterationEventDetails }
>;
export type MapIterationAbortedEvent = EventOf<
  'MapIterationAborted',
  { readonly mapIterationAbortedEventDetails: MapIterationEventDetails }
>;

export type LambdaFunctionScheduledEvent = EventOf<
  'LambdaFunctionScheduled',
  { readonly lambdaFunctionScheduledEventDetails: LambdaFunctionScheduledEventDetails }
>;
export type LambdaFunctionScheduleFailedEvent = EventOf<
  'LambdaFunctionScheduleFailed',
  { readonly lambdaFunctionScheduleFailedEventDetails: ErrorCauseDetails }
>;
export type LambdaFunctionStartedEvent = EventOf<'LambdaFunctionStarted'>;
export type LambdaFunctionStartFailedEvent = EventOf<
  'LambdaFunctionStartFailed',
  { readonly lambdaFunctionStartFailedEventDetails: ErrorCauseDetails }
>;
export type LambdaFunctionSucceededEvent = EventOf<
  'LambdaFunctionSucceeded',
  { readonly lambdaFunctionSucceededEventDetails: OutputDetails }
>;
export type LambdaFunctionFailedEvent = EventOf<
  'LambdaFunctionFailed',
  { readonly lambdaFunctionFailedEventDetails: ErrorCauseDetails }
>;
export type LambdaFunctionTimedOutEvent = EventOf<
  'LambdaFunctionTimedOut',
  { readonly lambdaFunctionTimedOutEventDetails: ErrorCauseDetails }
>;

export type ActivityScheduledEvent = EventOf<
  'ActivityScheduled',
  { readonly activityScheduledEventDetails: ActivityScheduledEventDetails }
>;
export type ActivityScheduleFailedEvent = EventOf<
  'ActivityScheduleFailed',
  { readonly activityScheduleFailedEventDetails: ErrorCauseDetails }
>;
export type ActivityStartedEvent = EventOf<
  'ActivityStarted',
  { readonly activityStartedEventDetails: ActivityStartedEventDetails }
>;
export type ActivitySucceededEvent = EventOf<
  'ActivitySucceeded',
  { readonly activitySucceededEventDetails: OutputDetails }
>;
export type ActivityFailedEvent = EventOf<'ActivityFailed', { readonly activityFailedEventDetails: ErrorCauseDetails }>;
export type ActivityTimedOutEvent = EventOf<
  'ActivityTimedOut',
  { readonly activityTimedOutEventDetails: ErrorCauseDetails }
>;

export type TaskScheduledEvent = EventOf<
  'TaskScheduled',
  { readonly taskScheduledEventDetails: TaskScheduledEventDetails }
>;
export type TaskStartFailedEvent = EventOf<
  'TaskStartFailed',
  { readonly taskStartFailedEventDetails: TaskErrorDetails }
>;
export type TaskStartedEvent = EventOf<'TaskStarted', { readonly taskStartedEventDetails: TaskResource }>;
export type TaskSubmitFailedEvent = EventOf<
  'TaskSubmitFailed',
  { readonly taskSubmitFailedEventDetails: TaskErrorDetails }
>;
export type TaskSubmittedEvent = EventOf<'TaskSubmitted', { readonly taskSubmittedEventDetails: TaskOutputDetails }>;
export type TaskSucceededEvent = EventOf<'TaskSucceeded', { readonly taskSucceededEventDetails: TaskOutputDetails }>;
export type TaskFailedEvent = EventOf<'TaskFailed', { readonly taskFailedEventDetails: TaskErrorDetails }>;
export type TaskTimedOutEvent = EventOf<'TaskTimedOut', { readonly taskTimedOutEventDetails: TaskErrorDetails }>;

export type MapRunStartedEvent = EventOf<
  'MapRunStarted',
  { readonly mapRunStartedEventDetails: { readonly mapRunArn: string } }
>;
export type MapRunSucceededEvent = EventOf<'MapRunSucceeded'>;
export type MapRunFailedEvent = EventOf<'MapRunFailed', { readonly mapRunFailedEventDetails: ErrorCauseDetails }>;
export type MapRunAbortedEvent = EventOf<'MapRunAborted'>;

export type EvaluationFailedEvent = EventOf<
  'EvaluationFailed',
  { readonly evaluationFailedEventDetails: EvaluationFailedEventDetails }
>;

/** One event of an execution's history, discriminated by AWS's `type`. */
export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionSucceededEvent
  | ExecutionFailedEvent
  | ExecutionAbortedEvent
  | ExecutionTimedOutEvent
  | ExecutionRedrivenEvent
  | PassStateEnteredEvent
  | PassStateExitedEvent
  | ChoiceStateEnteredEvent
  | ChoiceStateExitedEvent
  | WaitStateEnteredEvent
  | WaitStateExitedEvent
  | WaitStateAbortedEvent
  | SucceedStateEnteredEvent
  | SucceedStateExitedEvent
  | FailStateEnteredEvent
  | TaskStateEnteredEvent
  | TaskStateExitedEvent
  | TaskStateAbortedEvent
  | ParallelStateEnteredEvent
  | ParallelStateExitedEvent
  | ParallelStateStartedEvent
  | ParallelStateSucceededEvent
  | ParallelStateFailedEvent
  | ParallelStateAbortedEvent
  | MapStateEnteredEvent
  | MapStateExitedEvent
  | MapStateStartedEvent
  | MapStateSucceededEvent
  | MapStateFailedEvent
  | MapStateAbortedEvent
  | MapRunStartedEvent
  | MapRunSucceededEvent
  | MapRunFailedEvent
  | MapRunAbortedEvent
  | MapIterationStartedEvent
  | MapIterationSucceededEvent
  | MapIterationFailedEvent
  | MapIterationAbortedEvent
  | LambdaFunctionScheduledEvent
  | LambdaFunctionScheduleFailedEvent
  | LambdaFunctionStartedEvent
  | LambdaFunctionStartFailedEvent
  | LambdaFunctionSucceededEvent
  | LambdaFunctionFailedEvent
  | LambdaFunctionTimedOutEvent
  | ActivityScheduledEvent
  | ActivityScheduleFailedEvent
  | ActivityStartedEvent
  | ActivitySucceededEvent
  | ActivityFailedEvent
  | ActivityTimedOutEvent
  | TaskScheduledEvent
  | TaskStartFailedEvent
  | TaskStartedEvent
  | TaskSubmitFailedEvent
  | TaskSubmittedEvent
  | TaskSucceededEvent
  | TaskFailedEvent
  | TaskTimedOutEvent
  | EvaluationFailedEvent;

/** Every event type statefold emits. */
export type HistoryEventType = HistoryEvent['type'];

/** The event of a given type. */
export type EventOfType<T extends HistoryEventType> = Extract<HistoryEvent, { readonly type: T }>;

/** An event before the engine numbers it: `decide` returns these; ids are assigned on append. */
export type NewHistoryEvent = HistoryEvent extends infer E ? (E extends HistoryEvent ? Omit<E, 'id'> : never) : never;
