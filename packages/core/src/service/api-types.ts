import type { ExecutionStatus } from '../history/index.js';
import type { ApiHistoryEvent } from './history-view.js';

// Request and response shapes of the Step Functions API as `@aws-sdk/client-sfn` declares them
// (`<Action>Input` / `<Action>Output`), with timestamps as `Date`. Members the service does not
// support yet (versions, aliases, encryption, Map Runs) are accepted where AWS accepts
// them but never returned. Required request members are required here, optional ones also accept
// `undefined` (as SDK-built objects carry it); the server passes JSON through unchecked for
// presence, so every operation still checks that a required member is there.

export type { ApiHistoryEvent } from './history-view.js';
export type * from './api-types-versions.js';
export type * from './api-types-map-runs.js';
export type { ExecutionStatus } from '../history/index.js';
export type * from './test-state/test-state-types.js';

/** Whether RedriveExecution would accept an execution now (`REDRIVABLE_BY_MAP_RUN` is for Distributed Map children). */
export type ExecutionRedriveStatus = 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
/** `STANDARD` or `EXPRESS`. */
export type StateMachineType = 'STANDARD' | 'EXPRESS';
/** Log levels of a state machine's `loggingConfiguration`. */
export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
/** `ALL_DATA` (default) or `METADATA_ONLY`: whether Describe* returns input, output and definition. */
export type IncludedData = 'ALL_DATA' | 'METADATA_ONLY';

/** A resource tag. */
export interface Tag {
  readonly key?: string | undefined;
  readonly value?: string | undefined;
}

/** Where a state machine's logs go. */
export interface LogDestination {
  readonly cloudWatchLogsLogGroup?: { readonly logGroupArn?: string | undefined } | undefined;
}

/** A state machine's logging settings. */
export interface LoggingConfiguration {
  readonly level?: LogLevel | undefined;
  readonly includeExecutionData?: boolean | undefined;
  readonly destinations?: readonly LogDestination[] | undefined;
}

/** A state machine's X-Ray settings. */
export interface TracingConfiguration {
  readonly enabled?: boolean | undefined;
}

/** Encryption settings: stored and described; statefold encrypts nothing itself. */
export interface EncryptionConfiguration {
  readonly type?: 'AWS_OWNED_KEY' | 'CUSTOMER_MANAGED_KMS_KEY' | undefined;
  readonly kmsKeyId?: string | undefined;
  readonly kmsDataKeyReusePeriodSeconds?: number | undefined;
}

export interface CreateActivityInput {
  readonly name: string;
  readonly tags?: readonly Tag[] | undefined;
  readonly encryptionConfiguration?: EncryptionConfiguration | undefined;
}
export interface CreateActivityOutput {
  readonly activityArn: string;
  readonly creationDate: Date;
}

export interface CreateStateMachineInput {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: StateMachineType | undefined;
  readonly loggingConfiguration?: LoggingConfiguration | undefined;
  readonly tags?: readonly Tag[] | undefined;
  readonly tracingConfiguration?: TracingConfiguration | undefined;
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
  readonly encryptionConfiguration?: EncryptionConfiguration | undefined;
}
export interface CreateStateMachineOutput {
  readonly stateMachineArn: string;
  readonly creationDate: Date;
  /** The version published with `publish: true`. */
  readonly stateMachineVersionArn?: string;
}

export interface DeleteActivityInput {
  readonly activityArn: string;
}
export type DeleteActivityOutput = Record<string, never>;

export interface DeleteStateMachineInput {
  readonly stateMachineArn: string;
}
export type DeleteStateMachineOutput = Record<string, never>;

export interface DescribeActivityInput {
  readonly activityArn: string;
}
export interface DescribeActivityOutput {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: Date;
}

export interface DescribeExecutionInput {
  readonly executionArn: string;
  readonly includedData?: IncludedData | undefined;
}
export interface DescribeExecutionOutput {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input?: string;
  readonly inputDetails?: { readonly included: boolean };
  readonly output?: string;
  readonly outputDetails?: { readonly included: boolean };
  readonly traceHeader?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly redriveCount?: number;
  readonly redriveDate?: Date;
  readonly redriveStatus?: ExecutionRedriveStatus;
  readonly redriveStatusReason?: string;
  /** A Distributed Map's child execution: the Map Run that started it. */
  readonly mapRunArn?: string;
}

export interface DescribeStateMachineInput {
  readonly stateMachineArn: string;
  readonly includedData?: IncludedData | undefined;
}
export interface DescribeStateMachineOutput {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: 'ACTIVE' | 'DELETING';
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
  readonly loggingConfiguration: LoggingConfiguration;
  readonly tracingConfiguration: TracingConfiguration;
  readonly revisionId: string;
  /** A version's description (DescribeStateMachine of a version ARN). */
  readonly description?: string;
  readonly encryptionConfiguration?: EncryptionConfiguration;
  /** Per state name, the variables its fields reference; states that reference none are left out. */
  readonly variableReferences?: Readonly<Record<string, readonly string[]>>;
}

export interface DescribeStateMachineForExecutionInput {
  readonly executionArn: string;
  readonly includedData?: IncludedData | undefined;
}
export interface DescribeStateMachineForExecutionOutput {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly updateDate: Date;
  readonly loggingConfiguration?: LoggingConfiguration;
  readonly tracingConfiguration?: TracingConfiguration;
  readonly revisionId: string;
  readonly encryptionConfiguration?: EncryptionConfiguration;
  readonly variableReferences?: Readonly<Record<string, readonly string[]>>;
}

export interface GetActivityTaskInput {
  readonly activityArn: string;
  readonly workerName?: string | undefined;
}
export interface GetActivityTaskOutput {
  readonly taskToken?: string;
  readonly input?: string;
}

export interface GetExecutionHistoryInput {
  readonly executionArn: string;
  readonly maxResults?: number | undefined;
  readonly reverseOrder?: boolean | undefined;
  readonly nextToken?: string | undefined;
  readonly includeExecutionData?: boolean | undefined;
}
export interface GetExecutionHistoryOutput {
  readonly events: readonly ApiHistoryEvent[];
  readonly nextToken?: string;
}

export interface ListActivitiesInput {
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}
export interface ActivityListItem {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: Date;
}
export interface ListActivitiesOutput {
  readonly activities: readonly ActivityListItem[];
  readonly nextToken?: string;
}

export interface ListExecutionsInput {
  readonly stateMachineArn?: string | undefined;
  readonly statusFilter?: ExecutionStatus | undefined;
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
  readonly mapRunArn?: string | undefined;
  readonly redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN' | undefined;
}
export interface ExecutionListItem {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly redriveCount?: number;
  readonly redriveDate?: Date;
  /** Listed by `mapRunArn` only: the Map Run, and how many items the child processes. */
  readonly mapRunArn?: string;
  readonly itemCount?: number;
}
export interface ListExecutionsOutput {
  readonly executions: readonly ExecutionListItem[];
  readonly nextToken?: string;
}

export interface ListStateMachinesInput {
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}
export interface StateMachineListItem {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
}
export interface ListStateMachinesOutput {
  readonly stateMachines: readonly StateMachineListItem[];
  readonly nextToken?: string;
}

export interface SendTaskFailureInput {
  readonly taskToken: string;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}
export type SendTaskFailureOutput = Record<string, never>;

export interface SendTaskHeartbeatInput {
  readonly taskToken: string;
}
export type SendTaskHeartbeatOutput = Record<string, never>;

export interface SendTaskSuccessInput {
  readonly taskToken: string;
  readonly output: string;
}
export type SendTaskSuccessOutput = Record<string, never>;

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string | undefined;
  readonly input?: string | undefined;
  readonly traceHeader?: string | undefined;
}
export interface StartExecutionOutput {
  readonly executionArn: string;
  readonly startDate: Date;
}

export interface StopExecutionInput {
  readonly executionArn: string;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}
export interface StopExecutionOutput {
  readonly stopDate: Date;
}

export interface UpdateStateMachineInput {
  readonly stateMachineArn: string;
  readonly definition?: string | undefined;
  readonly roleArn?: string | undefined;
  readonly loggingConfiguration?: LoggingConfiguration | undefined;
  readonly tracingConfiguration?: TracingConfiguration | undefined;
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
  readonly encryptionConfiguration?: EncryptionConfiguration | undefined;
}
export interface UpdateStateMachineOutput {
  readonly updateDate: Date;
  readonly revisionId: string;
  /** The version published with `publish: true`. */
  readonly stateMachineVersionArn?: string;
}

export interface TagResourceInput {
  readonly resourceArn: string;
  readonly tags: readonly Tag[];
}
export type TagResourceOutput = Record<string, never>;

export interface UntagResourceInput {
  readonly resourceArn: string;
  readonly tagKeys: readonly string[];
}
export type UntagResourceOutput = Record<string, never>;

export interface ListTagsForResourceInput {
  readonly resourceArn: string;
}
export interface ListTagsForResourceOutput {
  readonly tags: readonly Tag[];
}

export interface ValidateStateMachineDefinitionInput {
  readonly definition: string;
  readonly type?: StateMachineType | undefined;
  readonly severity?: 'ERROR' | 'WARNING' | undefined;
  readonly maxResults?: number | undefined;
}
export interface ValidateStateMachineDefinitionDiagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}
export interface ValidateStateMachineDefinitionOutput {
  readonly result: 'OK' | 'FAIL';
  readonly diagnostics: readonly ValidateStateMachineDefinitionDiagnostic[];
  readonly truncated: boolean;
}

export interface RedriveExecutionInput {
  readonly executionArn: string;
  readonly clientToken?: string | undefined;
}
export interface RedriveExecutionOutput {
  readonly redriveDate: Date;
}

export interface StartSyncExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string | undefined;
  readonly input?: string | undefined;
  readonly traceHeader?: string | undefined;
  readonly includedData?: IncludedData | undefined;
}
export interface StartSyncExecutionOutput {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly startDate: Date;
  readonly stopDate: Date;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly error?: string;
  readonly cause?: string;
  readonly input?: string;
  readonly inputDetails?: { readonly included: boolean };
  readonly output?: string;
  readonly outputDetails?: { readonly included: boolean };
  readonly traceHeader?: string;
  readonly billingDetails: { readonly billedMemoryUsedInMB: number; readonly billedDurationInMilliseconds: number };
}
