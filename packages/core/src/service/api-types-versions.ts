// Request and response shapes of the versions and aliases actions, as `@aws-sdk/client-sfn`
// declares them (see api-types.ts for the conventions).

/** One version an alias routes to, and the percentage of new executions it gets. */
export interface RoutingConfigurationListItem {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface PublishStateMachineVersionInput {
  readonly stateMachineArn: string;
  readonly revisionId?: string | undefined;
  readonly description?: string | undefined;
}
export interface PublishStateMachineVersionOutput {
  readonly creationDate: Date;
  readonly stateMachineVersionArn: string;
}

export interface ListStateMachineVersionsInput {
  readonly stateMachineArn: string;
  readonly nextToken?: string | undefined;
  readonly maxResults?: number | undefined;
}
export interface StateMachineVersionListItem {
  readonly stateMachineVersionArn: string;
  readonly creationDate: Date;
}
export interface ListStateMachineVersionsOutput {
  readonly stateMachineVersions: readonly StateMachineVersionListItem[];
  readonly nextToken?: string;
}

export interface DeleteStateMachineVersionInput {
  readonly stateMachineVersionArn: string;
}
export type DeleteStateMachineVersionOutput = Record<string, never>;

export interface CreateStateMachineAliasInput {
  readonly name: string;
  readonly routingConfiguration: readonly RoutingConfigurationListItem[];
  readonly description?: string | undefined;
}
export interface CreateStateMachineAliasOutput {
  readonly stateMachineAliasArn: string;
  readonly creationDate: Date;
}

export interface DescribeStateMachineAliasInput {
  readonly stateMachineAliasArn: string;
}
export interface DescribeStateMachineAliasOutput {
  readonly stateMachineAliasArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingConfigurationListItem[];
  readonly creationDate: Date;
  readonly updateDate: Date;
}

export interface UpdateStateMachineAliasInput {
  readonly stateMachineAliasArn: string;
  readonly description?: string | undefined;
  readonly routingConfiguration?: readonly RoutingConfigurationListItem[] | undefined;
}
export interface UpdateStateMachineAliasOutput {
  readonly updateDate: Date;
}

export interface DeleteStateMachineAliasInput {
  readonly stateMachineAliasArn: string;
}
export type DeleteStateMachineAliasOutput = Record<string, never>;

export interface ListStateMachineAliasesInput {
  /** A state machine ARN, or a version ARN for the aliases that route to that version. */
  readonly stateMachineArn: string;
  readonly nextToken?: string | undefined;
  readonly maxResults?: number | undefined;
}
export interface StateMachineAliasListItem {
  readonly stateMachineAliasArn: string;
  readonly creationDate: Date;
}
export interface ListStateMachineAliasesOutput {
  readonly stateMachineAliases: readonly StateMachineAliasListItem[];
  readonly nextToken?: string;
}
