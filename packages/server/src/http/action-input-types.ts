/**
 * The one table of request member types: for every Step Functions action, the JSON type of each
 * input member, as the service model of `@aws-sdk/client-sfn` declares it (`action-input-types.test.ts`
 * re-derives it from the SDK's schemas and fails when they drift). The protocol layer checks a body's
 * JSON types against it before the service sees the request; whether a required member is present and
 * whether a value is valid stay the service's job.
 */

/** A scalar member: `integer` and `float` are both JSON numbers, `integer` without a fraction. */
export type ScalarType = 'string' | 'integer' | 'float' | 'boolean';

/** A structure: its AWS shape name and the type of each member it may carry. */
export interface StructureType {
  readonly structure: string;
  readonly members: { readonly [member: string]: MemberType };
}

/** The JSON type of one member: a scalar, a list or map of one member type, or a structure. */
export type MemberType = ScalarType | { readonly list: MemberType } | { readonly map: MemberType } | StructureType;

const tag: StructureType = { structure: 'Tag', members: { key: 'string', value: 'string' } };
const encryptionConfiguration: StructureType = {
  structure: 'EncryptionConfiguration',
  members: { type: 'string', kmsKeyId: 'string', kmsDataKeyReusePeriodSeconds: 'integer' },
};
const cloudWatchLogsLogGroup: StructureType = {
  structure: 'CloudWatchLogsLogGroup',
  members: { logGroupArn: 'string' },
};
const logDestination: StructureType = {
  structure: 'LogDestination',
  members: { cloudWatchLogsLogGroup: cloudWatchLogsLogGroup },
};
const loggingConfiguration: StructureType = {
  structure: 'LoggingConfiguration',
  members: { level: 'string', includeExecutionData: 'boolean', destinations: { list: logDestination } },
};
const tracingConfiguration: StructureType = { structure: 'TracingConfiguration', members: { enabled: 'boolean' } };
const routingConfigurationListItem: StructureType = {
  structure: 'RoutingConfigurationListItem',
  members: { stateMachineVersionArn: 'string', weight: 'integer' },
};
const mockErrorOutput: StructureType = { structure: 'MockErrorOutput', members: { error: 'string', cause: 'string' } };
const mockInput: StructureType = {
  structure: 'MockInput',
  members: { result: 'string', errorOutput: mockErrorOutput, fieldValidationMode: 'string' },
};
const testStateConfiguration: StructureType = {
  structure: 'TestStateConfiguration',
  members: {
    retrierRetryCount: 'integer',
    errorCausedByState: 'string',
    mapIterationFailureCount: 'integer',
    mapItemReaderData: 'string',
  },
};

/** Every action of the Step Functions API, with the member types of its `<Action>Input`. */
export const ACTION_INPUT_TYPES = {
  CreateActivity: {
    structure: 'CreateActivityInput',
    members: { name: 'string', tags: { list: tag }, encryptionConfiguration: encryptionConfiguration },
  },
  CreateStateMachine: {
    structure: 'CreateStateMachineInput',
    members: {
      name: 'string',
      definition: 'string',
      roleArn: 'string',
      type: 'string',
      loggingConfiguration: loggingConfiguration,
      tags: { list: tag },
      tracingConfiguration: tracingConfiguration,
      publish: 'boolean',
      versionDescription: 'string',
      encryptionConfiguration: encryptionConfiguration,
    },
  },
  CreateStateMachineAlias: {
    structure: 'CreateStateMachineAliasInput',
    members: { name: 'string', routingConfiguration: { list: routingConfigurationListItem }, description: 'string' },
  },
  DeleteActivity: { structure: 'DeleteActivityInput', members: { activityArn: 'string' } },
  DeleteStateMachine: { structure: 'DeleteStateMachineInput', members: { stateMachineArn: 'string' } },
  DeleteStateMachineAlias: { structure: 'DeleteStateMachineAliasInput', members: { stateMachineAliasArn: 'string' } },
  DeleteStateMachineVersion: {
    structure: 'DeleteStateMachineVersionInput',
    members: { stateMachineVersionArn: 'string' },
  },
  DescribeActivity: { structure: 'DescribeActivityInput', members: { activityArn: 'string' } },
  DescribeExecution: {
    structure: 'DescribeExecutionInput',
    members: { executionArn: 'string', includedData: 'string' },
  },
  DescribeMapRun: { structure: 'DescribeMapRunInput', members: { mapRunArn: 'string' } },
  DescribeStateMachine: {
    structure: 'DescribeStateMachineInput',
    members: { stateMachineArn: 'string', includedData: 'string' },
  },
  DescribeStateMachineAlias: {
    structure: 'DescribeStateMachineAliasInput',
    members: { stateMachineAliasArn: 'string' },
  },
  DescribeStateMachineForExecution: {
    structure: 'DescribeStateMachineForExecutionInput',
    members: { executionArn: 'string', includedData: 'string' },
  },
  GetActivityTask: { structure: 'GetActivityTaskInput', members: { activityArn: 'string', workerName: 'string' } },
  GetExecutionHistory: {
    structure: 'GetExecutionHistoryInput',
    members: {
      executionArn: 'string',
      maxResults: 'integer',
      reverseOrder: 'boolean',
      nextToken: 'string',
      includeExecutionData: 'boolean',
    },
  },
  ListActivities: { structure: 'ListActivitiesInput', members: { maxResults: 'integer', nextToken: 'string' } },
  ListExecutions: {
    structure: 'ListExecutionsInput',
    members: {
      stateMachineArn: 'string',
      statusFilter: 'string',
      maxResults: 'integer',
      nextToken: 'string',
      mapRunArn: 'string',
      redriveFilter: 'string',
    },
  },
  ListMapRuns: {
    structure: 'ListMapRunsInput',
    members: { executionArn: 'string', maxResults: 'integer', nextToken: 'string' },
  },
  ListStateMachineAliases: {
    structure: 'ListStateMachineAliasesInput',
    members: { stateMachineArn: 'string', nextToken: 'string', maxResults: 'integer' },
  },
  ListStateMachineVersions: {
    structure: 'ListStateMachineVersionsInput',
    members: { stateMachineArn: 'string', nextToken: 'string', maxResults: 'integer' },
  },
  ListStateMachines: { structure: 'ListStateMachinesInput', members: { maxResults: 'integer', nextToken: 'string' } },
  ListTagsForResource: { structure: 'ListTagsForResourceInput', members: { resourceArn: 'string' } },
  PublishStateMachineVersion: {
    structure: 'PublishStateMachineVersionInput',
    members: { stateMachineArn: 'string', revisionId: 'string', description: 'string' },
  },
  RedriveExecution: { structure: 'RedriveExecutionInput', members: { executionArn: 'string', clientToken: 'string' } },
  SendTaskFailure: {
    structure: 'SendTaskFailureInput',
    members: { taskToken: 'string', error: 'string', cause: 'string' },
  },
  SendTaskHeartbeat: { structure: 'SendTaskHeartbeatInput', members: { taskToken: 'string' } },
  SendTaskSuccess: { structure: 'SendTaskSuccessInput', members: { taskToken: 'string', output: 'string' } },
  StartExecution: {
    structure: 'StartExecutionInput',
    members: { stateMachineArn: 'string', name: 'string', input: 'string', traceHeader: 'string' },
  },
  StartSyncExecution: {
    structure: 'StartSyncExecutionInput',
    members: {
      stateMachineArn: 'string',
      name: 'string',
      input: 'string',
      traceHeader: 'string',
      includedData: 'string',
    },
  },
  StopExecution: {
    structure: 'StopExecutionInput',
    members: { executionArn: 'string', error: 'string', cause: 'string' },
  },
  TagResource: { structure: 'TagResourceInput', members: { resourceArn: 'string', tags: { list: tag } } },
  TestState: {
    structure: 'TestStateInput',
    members: {
      definition: 'string',
      roleArn: 'string',
      input: 'string',
      inspectionLevel: 'string',
      revealSecrets: 'boolean',
      variables: 'string',
      stateName: 'string',
      mock: mockInput,
      context: 'string',
      stateConfiguration: testStateConfiguration,
    },
  },
  UntagResource: { structure: 'UntagResourceInput', members: { resourceArn: 'string', tagKeys: { list: 'string' } } },
  UpdateMapRun: {
    structure: 'UpdateMapRunInput',
    members: {
      mapRunArn: 'string',
      maxConcurrency: 'integer',
      toleratedFailurePercentage: 'float',
      toleratedFailureCount: 'integer',
    },
  },
  UpdateStateMachine: {
    structure: 'UpdateStateMachineInput',
    members: {
      stateMachineArn: 'string',
      definition: 'string',
      roleArn: 'string',
      loggingConfiguration: loggingConfiguration,
      tracingConfiguration: tracingConfiguration,
      publish: 'boolean',
      versionDescription: 'string',
      encryptionConfiguration: encryptionConfiguration,
    },
  },
  UpdateStateMachineAlias: {
    structure: 'UpdateStateMachineAliasInput',
    members: {
      stateMachineAliasArn: 'string',
      description: 'string',
      routingConfiguration: { list: routingConfigurationListItem },
    },
  },
  ValidateStateMachineDefinition: {
    structure: 'ValidateStateMachineDefinitionInput',
    members: { definition: 'string', type: 'string', severity: 'string', maxResults: 'integer' },
  },
} as const satisfies Readonly<Record<string, StructureType>>;

/** The name of a Step Functions API action, as it appears in `X-Amz-Target: AWSStepFunctions.<Action>`. */
export type ActionName = keyof typeof ACTION_INPUT_TYPES;

/** Every action name, in the model's order. */
export const ACTION_NAMES: readonly ActionName[] = Object.keys(ACTION_INPUT_TYPES) as ActionName[];

/** True when `name` is an action of the Step Functions API (case-sensitive, as AWS matches it). */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTION_INPUT_TYPES, name);
}
