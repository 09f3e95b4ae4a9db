// TestState's request and response as `@aws-sdk/client-sfn` declares them (TestStateInput/Output).

/** How much of the state's data flow TestState returns. */
export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
/** How strictly a mocked result is checked against the integrated service's response shape. */
export type MockResponseValidationMode = 'STRICT' | 'PRESENT' | 'NONE';
/** How the tested state ended. */
export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** A mocked error of the tested state. */
export interface MockErrorOutput {
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

/** What the tested state's work returns instead of running: a result (JSON text) or an error. */
export interface MockInput {
  readonly result?: string | undefined;
  readonly errorOutput?: MockErrorOutput | undefined;
  readonly fieldValidationMode?: MockResponseValidationMode | undefined;
}

/** Where the tested state stands: retries so far, failed Map iterations, what an ItemReader read. */
export interface TestStateConfiguration {
  readonly retrierRetryCount?: number | undefined;
  readonly errorCausedByState?: string | undefined;
  readonly mapIterationFailureCount?: number | undefined;
  readonly mapItemReaderData?: string | undefined;
}

export interface TestStateInput {
  readonly definition: string;
  readonly roleArn?: string | undefined;
  readonly input?: string | undefined;
  readonly inspectionLevel?: InspectionLevel | undefined;
  readonly revealSecrets?: boolean | undefined;
  readonly variables?: string | undefined;
  readonly stateName?: string | undefined;
  readonly mock?: MockInput | undefined;
  readonly context?: string | undefined;
  readonly stateConfiguration?: TestStateConfiguration | undefined;
}

/** `retryIndex`/`retryBackoffIntervalSeconds` when the state would retry, `catchIndex` when a Catch took the error. */
export interface InspectionErrorDetails {
  readonly catchIndex?: number;
  readonly retryIndex?: number;
  readonly retryBackoffIntervalSeconds?: number;
}

/** The state's data flow, each value JSON text, for DEBUG and TRACE. */
export interface InspectionData {
  readonly input?: string;
  readonly afterArguments?: string;
  readonly afterInputPath?: string;
  readonly afterParameters?: string;
  readonly result?: string;
  readonly afterResultSelector?: string;
  readonly afterResultPath?: string;
  readonly variables?: string;
  readonly errorDetails?: InspectionErrorDetails;
  readonly afterItemsPath?: string;
  readonly afterItemSelector?: string;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
  readonly maxConcurrency?: number;
}

export interface TestStateOutput {
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly inspectionData?: InspectionData;
  readonly nextState?: string;
  readonly status: TestExecutionStatus;
}
