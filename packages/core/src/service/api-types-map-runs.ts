// Request and response shapes of the Map Run actions, as `@aws-sdk/client-sfn` declares them (see
// api-types.ts for the conventions).

/** Items or child executions of a Map Run by how far they got (DescribeMapRun). */
export interface MapRunCounts {
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly total: number;
  readonly resultsWritten: number;
  readonly failuresNotRedrivable: number;
  readonly pendingRedrive: number;
}

export interface DescribeMapRunInput {
  readonly mapRunArn: string;
}
export interface DescribeMapRunOutput {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly toleratedFailureCount: number;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  readonly redriveCount: number;
}

export interface ListMapRunsInput {
  readonly executionArn: string;
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}
export interface MapRunListItem {
  readonly executionArn: string;
  readonly mapRunArn: string;
  readonly stateMachineArn: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}
export interface ListMapRunsOutput {
  readonly mapRuns: readonly MapRunListItem[];
  readonly nextToken?: string;
}

export interface UpdateMapRunInput {
  readonly mapRunArn: string;
  readonly maxConcurrency?: number | undefined;
  readonly toleratedFailurePercentage?: number | undefined;
  readonly toleratedFailureCount?: number | undefined;
}
export type UpdateMapRunOutput = Record<string, never>;
