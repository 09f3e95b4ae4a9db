import {
  hasFacts,
  NO_FACTS,
  type ActivityRecord,
  type EventFacts,
  type ExecutionStatus,
  type ExecutionSummary,
  type HistoryEvent,
  type MapRunRecord,
  type MapRunStatus,
  type RecordedEvent,
  type StateMachineAliasRecord,
  type StateMachineRecord,
  type StateMachineRevision,
  type StateMachineVersionRecord,
} from '@statefold/core';

// Row shapes (type aliases, which Kysely needs to index by table name) of the SQL stores' tables
// and their mapping to the port's domain values. Absent optional fields are NULL in a row and
// absent (not undefined) in a value. JSON columns are TEXT on both SQLite and PostgreSQL (see
// store-postgres's migration for why not jsonb there).

export type EventsTable = {
  readonly execution_arn: string;
  readonly id: number;
  readonly previous_event_id: number;
  readonly type: string;
  readonly timestamp: string;
  /** The event's details member(s) as a JSON object, e.g. `{"stateEnteredEventDetails":{…}}`. */
  readonly details: string;
  /** statefold's facts about the event as a JSON object; NULL when it records none (added by migration 0004). */
  readonly facts: string | null;
  /** The event's audit hash, chained over its execution's previous event (NULL only before migration 0003 ran). */
  readonly hash: string | null;
};

/** An event row without its hash: what `toEventRow` maps. */
export type EventRow = Omit<EventsTable, 'hash'>;

export type ExecutionsTable = {
  readonly execution_arn: string;
  readonly state_machine_arn: string;
  readonly state_machine_revision_id: string;
  readonly name: string;
  readonly status: string;
  readonly start_date: string;
  readonly stop_date: string | null;
  readonly input: string;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly trace_header: string | null;
  /** 0 before the first redrive (added by migration 0005, as are the next two). */
  readonly redrive_count: number;
  readonly redrive_date: string | null;
  /** 1 when the history records where a redrive re-enters. */
  readonly redrivable: number;
  readonly last_event_id: number;
  /** Added by migration 0005; written when the execution is created, never changed. */
  readonly state_machine_version_arn: string | null;
  readonly state_machine_alias_arn: string | null;
  /** Added by migration 0006; written when the execution is created, never changed. */
  readonly map_run_arn: string | null;
};

export type StateMachinesTable = {
  readonly state_machine_arn: string;
  readonly name: string;
  readonly type: string;
  readonly definition: string;
  readonly role_arn: string;
  readonly creation_date: string;
  readonly update_date: string | null;
  readonly revision_id: string;
  readonly logging_configuration: string | null;
  readonly tracing_configuration: string | null;
  readonly description: string | null;
  readonly tags: string;
  /** Added by migration 0005. */
  readonly encryption_configuration: string | null;
  readonly last_version_number: number | null;
};

export type StateMachineVersionsTable = {
  readonly state_machine_version_arn: string;
  readonly state_machine_arn: string;
  readonly version: number;
  readonly revision_id: string;
  readonly creation_date: string;
  readonly description: string | null;
  readonly type: string;
  readonly definition: string;
  readonly role_arn: string;
  readonly logging_configuration: string | null;
  readonly tracing_configuration: string | null;
  readonly encryption_configuration: string | null;
};

export type StateMachineAliasesTable = {
  readonly state_machine_alias_arn: string;
  readonly state_machine_arn: string;
  readonly name: string;
  readonly description: string | null;
  /** The routing configuration as a JSON array. */
  readonly routing_configuration: string;
  readonly creation_date: string;
  readonly update_date: string;
};

export type StateMachineRevisionsTable = {
  readonly state_machine_arn: string;
  readonly revision_id: string;
  readonly definition: string;
  readonly role_arn: string;
  readonly creation_date: string;
};

export type MapRunsTable = {
  readonly map_run_arn: string;
  readonly execution_arn: string;
  readonly state_machine_arn: string;
  readonly status: string;
  readonly start_date: string;
  readonly stop_date: string | null;
  readonly max_concurrency: number;
  readonly tolerated_failure_count: number;
  readonly tolerated_failure_percentage: number;
  readonly item_count: number;
  /** 0 or 1. */
  readonly batched: number;
};

export type ActivitiesTable = {
  readonly activity_arn: string;
  readonly name: string;
  readonly creation_date: string;
  readonly tags: string;
};

/** The store's tables, as Kysely sees them. */
export type StoreTables = {
  readonly events: EventsTable;
  readonly executions: ExecutionsTable;
  readonly state_machines: StateMachinesTable;
  readonly state_machine_revisions: StateMachineRevisionsTable;
  readonly state_machine_versions: StateMachineVersionsTable;
  readonly state_machine_aliases: StateMachineAliasesTable;
  readonly activities: ActivitiesTable;
  readonly map_runs: MapRunsTable;
};

/** Adds `key: value` only when the column is not NULL. */
const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
  (value === null ? {} : { [key]: value }) as { [P in K]?: V };

const optionalJson = <K extends string>(key: K, text: string | null): { [P in K]?: unknown } =>
  optional(key, text === null ? null : (JSON.parse(text) as unknown));

const jsonOrNull = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export function toEventRow(executionArn: string, recorded: RecordedEvent): EventRow {
  const { id, previousEventId, timestamp, type, ...details } = recorded.event;
  return {
    execution_arn: executionArn,
    id,
    previous_event_id: previousEventId,
    type,
    timestamp,
    details: JSON.stringify(details),
    facts: toFactsColumn(recorded.facts),
  };
}

// NULL when an event records no facts (most events), so that those cost nothing to store or read.
function toFactsColumn(facts: EventFacts): string | null {
  return hasFacts(facts) ? JSON.stringify(facts) : null;
}

/** The columns `fromEventValues` reads, in its order: the execution's ARN is the query's, not each row's. */
export const eventColumns = ['id', 'previous_event_id', 'type', 'timestamp', 'details', 'facts'] as const;

/** An event row as a raw (array) result row in `eventColumns` order, with the hash after them when it was selected. */
export type EventValues = readonly [
  id: number,
  previousEventId: number,
  type: string,
  timestamp: string,
  details: string,
  facts: string | null,
  hash?: string | null,
];

/** The recorded event of a raw row. Array rows, since building an object per row was a third of reading a history. */
export function fromEventValues(values: EventValues): RecordedEvent {
  const [id, previousEventId, type, timestamp, details, facts] = values;
  // A trust boundary: rows are only ever written by `toEventRow` from a `RecordedEvent`.
  const event = { id, previousEventId, timestamp, type, ...(JSON.parse(details) as object) } as HistoryEvent;
  return { event, facts: facts === null ? NO_FACTS : (JSON.parse(facts) as EventFacts) };
}

export function toExecutionRow(summary: ExecutionSummary): ExecutionsTable {
  return {
    execution_arn: summary.executionArn,
    state_machine_arn: summary.stateMachineArn,
    state_machine_revision_id: summary.stateMachineRevisionId,
    name: summary.name,
    status: summary.status,
    start_date: summary.startDate,
    stop_date: summary.stopDate ?? null,
    input: summary.input,
    output: summary.output ?? null,
    error: summary.error ?? null,
    cause: summary.cause ?? null,
    trace_header: summary.traceHeader ?? null,
    redrive_count: summary.redriveCount ?? 0,
    redrive_date: summary.redriveDate ?? null,
    redrivable: summary.redrivable === true ? 1 : 0,
    last_event_id: summary.lastEventId,
    state_machine_version_arn: summary.stateMachineVersionArn ?? null,
    state_machine_alias_arn: summary.stateMachineAliasArn ?? null,
    map_run_arn: summary.mapRunArn ?? null,
  };
}

export function fromExecutionRow(row: ExecutionsTable): ExecutionSummary {
  return {
    executionArn: row.execution_arn,
    stateMachineArn: row.state_machine_arn,
    stateMachineRevisionId: row.state_machine_revision_id,
    name: row.name,
    status: row.status as ExecutionStatus,
    startDate: row.start_date,
    ...optional('stopDate', row.stop_date),
    input: row.input,
    ...optional('output', row.output),
    ...optional('error', row.error),
    ...optional('cause', row.cause),
    ...optional('traceHeader', row.trace_header),
    ...optional('stateMachineVersionArn', row.state_machine_version_arn),
    ...optional('stateMachineAliasArn', row.state_machine_alias_arn),
    ...(row.redrive_count > 0 ? { redriveCount: row.redrive_count } : {}),
    ...optional('redriveDate', row.redrive_date),
    ...(row.redrivable === 1 ? { redrivable: true } : {}),
    ...optional('mapRunArn', row.map_run_arn),
    lastEventId: row.last_event_id,
  };
}

export function toStateMachineRow(record: StateMachineRecord): StateMachinesTable {
  return {
    state_machine_arn: record.stateMachineArn,
    name: record.name,
    type: record.type,
    definition: record.definition,
    role_arn: record.roleArn,
    creation_date: record.creationDate,
    update_date: record.updateDate ?? null,
    revision_id: record.revisionId,
    logging_configuration:
      record.loggingConfiguration === undefined ? null : JSON.stringify(record.loggingConfiguration),
    tracing_configuration:
      record.tracingConfiguration === undefined ? null : JSON.stringify(record.tracingConfiguration),
    description: record.description ?? null,
    tags: JSON.stringify(record.tags),
    encryption_configuration: jsonOrNull(record.encryptionConfiguration),
    last_version_number: record.lastVersionNumber ?? null,
  };
}

export function fromStateMachineRow(row: StateMachinesTable): StateMachineRecord {
  return {
    stateMachineArn: row.state_machine_arn,
    name: row.name,
    type: row.type as StateMachineRecord['type'],
    definition: row.definition,
    roleArn: row.role_arn,
    creationDate: row.creation_date,
    ...optional('updateDate', row.update_date),
    revisionId: row.revision_id,
    ...optionalJson('loggingConfiguration', row.logging_configuration),
    ...optionalJson('tracingConfiguration', row.tracing_configuration),
    ...optional('description', row.description),
    ...optionalJson('encryptionConfiguration', row.encryption_configuration),
    ...optional('lastVersionNumber', row.last_version_number),
    tags: JSON.parse(row.tags) as StateMachineRecord['tags'],
  };
}

export function toVersionRow(record: StateMachineVersionRecord): StateMachineVersionsTable {
  return {
    state_machine_version_arn: record.stateMachineVersionArn,
    state_machine_arn: record.stateMachineArn,
    version: record.version,
    revision_id: record.revisionId,
    creation_date: record.creationDate,
    description: record.description ?? null,
    type: record.type,
    definition: record.definition,
    role_arn: record.roleArn,
    logging_configuration: jsonOrNull(record.loggingConfiguration),
    tracing_configuration: jsonOrNull(record.tracingConfiguration),
    encryption_configuration: jsonOrNull(record.encryptionConfiguration),
  };
}

export function fromVersionRow(row: StateMachineVersionsTable): StateMachineVersionRecord {
  return {
    stateMachineVersionArn: row.state_machine_version_arn,
    stateMachineArn: row.state_machine_arn,
    version: row.version,
    revisionId: row.revision_id,
    creationDate: row.creation_date,
    ...optional('description', row.description),
    type: row.type as StateMachineVersionRecord['type'],
    definition: row.definition,
    roleArn: row.role_arn,
    ...optionalJson('loggingConfiguration', row.logging_configuration),
    ...optionalJson('tracingConfiguration', row.tracing_configuration),
    ...optionalJson('encryptionConfiguration', row.encryption_configuration),
  };
}

export function toAliasRow(record: StateMachineAliasRecord): StateMachineAliasesTable {
  return {
    state_machine_alias_arn: record.stateMachineAliasArn,
    state_machine_arn: record.stateMachineArn,
    name: record.name,
    description: record.description ?? null,
    routing_configuration: JSON.stringify(record.routingConfiguration),
    creation_date: record.creationDate,
    update_date: record.updateDate,
  };
}

export function fromAliasRow(row: StateMachineAliasesTable): StateMachineAliasRecord {
  return {
    stateMachineAliasArn: row.state_machine_alias_arn,
    stateMachineArn: row.state_machine_arn,
    name: row.name,
    ...optional('description', row.description),
    routingConfiguration: JSON.parse(row.routing_configuration) as StateMachineAliasRecord['routingConfiguration'],
    creationDate: row.creation_date,
    updateDate: row.update_date,
  };
}

export function toRevisionRow(revision: StateMachineRevision): StateMachineRevisionsTable {
  return {
    state_machine_arn: revision.stateMachineArn,
    revision_id: revision.revisionId,
    definition: revision.definition,
    role_arn: revision.roleArn,
    creation_date: revision.creationDate,
  };
}

export function fromRevisionRow(row: StateMachineRevisionsTable): StateMachineRevision {
  return {
    stateMachineArn: row.state_machine_arn,
    revisionId: row.revision_id,
    definition: row.definition,
    roleArn: row.role_arn,
    creationDate: row.creation_date,
  };
}

export function toActivityRow(record: ActivityRecord): ActivitiesTable {
  return {
    activity_arn: record.activityArn,
    name: record.name,
    creation_date: record.creationDate,
    tags: JSON.stringify(record.tags),
  };
}

export function fromActivityRow(row: ActivitiesTable): ActivityRecord {
  return {
    activityArn: row.activity_arn,
    name: row.name,
    creationDate: row.creation_date,
    tags: JSON.parse(row.tags) as ActivityRecord['tags'],
  };
}

export function toMapRunRow(record: MapRunRecord): MapRunsTable {
  return {
    map_run_arn: record.mapRunArn,
    execution_arn: record.executionArn,
    state_machine_arn: record.stateMachineArn,
    status: record.status,
    start_date: record.startDate,
    stop_date: record.stopDate ?? null,
    max_concurrency: record.maxConcurrency,
    tolerated_failure_count: record.toleratedFailureCount,
    tolerated_failure_percentage: record.toleratedFailurePercentage,
    item_count: record.itemCount,
    batched: record.batched ? 1 : 0,
  };
}

export function fromMapRunRow(row: MapRunsTable): MapRunRecord {
  return {
    mapRunArn: row.map_run_arn,
    executionArn: row.execution_arn,
    stateMachineArn: row.state_machine_arn,
    status: row.status as MapRunStatus,
    startDate: row.start_date,
    ...optional('stopDate', row.stop_date),
    maxConcurrency: row.max_concurrency,
    toleratedFailureCount: row.tolerated_failure_count,
    toleratedFailurePercentage: row.tolerated_failure_percentage,
    itemCount: row.item_count,
    batched: row.batched === 1,
  };
}
