import type { ExecutionStatus, RecordedEvent } from '../history/index.js';

// The Store port: where state machines, activities and execution histories live. Written in
// domain words; adapters (memory, SQLite, PostgreSQL) implement only this, and every one of
// them passes `describeStoreContract`. Dates are ISO-8601 strings (UTC, milliseconds). Events go in
// and come out as `RecordedEvent`s: the AWS event and statefold's facts about it, which a store
// keeps apart (the facts in a column of their own) and hands back as it was given them.

/** What DescribeExecution and ListExecutions answer from, written with every append. */
export interface ExecutionSummary {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  /** The state machine revision the execution runs (definition and role at its start). */
  readonly stateMachineRevisionId: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly traceHeader?: string;
  /** The version the execution runs when it was started through a version or an alias ARN. */
  readonly stateMachineVersionArn?: string;
  /** The alias it was started through, if any (its version is then `stateMachineVersionArn`). */
  readonly stateMachineAliasArn?: string;
  /** How often the execution was redriven; absent (0) before its first redrive. */
  readonly redriveCount?: number;
  /** When it was last redriven. */
  readonly redriveDate?: string;
  /** True when it ended unsuccessfully and its history records where a redrive re-enters. */
  readonly redrivable?: boolean;
  /**
   * A child execution of a Distributed Map: the Map Run that started it (written when the
   * execution is created, never changed; ListExecutions with `mapRunArn` lists by it).
   */
  readonly mapRunArn?: string;
  /** Id of the last event in the history: the append point. */
  readonly lastEventId: number;
}

/** A state machine as CreateStateMachine/UpdateStateMachine leave it; the current revision's fields. */
export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: string;
  readonly updateDate?: string;
  readonly revisionId: string;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly description?: string;
  /** As CreateStateMachine/UpdateStateMachine stored it (statefold encrypts nothing itself). */
  readonly encryptionConfiguration?: unknown;
  /**
   * The highest version number ever published for this state machine (absent before the first):
   * numbers are never reused, even after DeleteStateMachineVersion removed the newest.
   */
  readonly lastVersionNumber?: number;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/**
 * A published version (PublishStateMachineVersion, or `publish: true`): an immutable snapshot of
 * the state machine's revision and settings under `<stateMachineArn>:<version>`.
 */
export interface StateMachineVersionRecord {
  readonly stateMachineVersionArn: string;
  /** The unqualified ARN of the state machine it was published from. */
  readonly stateMachineArn: string;
  /** 1, 2, 3 … per state machine; never reused. */
  readonly version: number;
  /** The revision (definition and role) its executions run; a `StateMachineRevision` of the state machine. */
  readonly revisionId: string;
  readonly creationDate: string;
  readonly description?: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: string;
  readonly roleArn: string;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly encryptionConfiguration?: unknown;
}

/** An alias (`<stateMachineArn>:<name>`): routes new executions to one or two versions by weight. */
export interface StateMachineAliasRecord {
  readonly stateMachineAliasArn: string;
  /** The unqualified ARN of the state machine whose versions it routes to. */
  readonly stateMachineArn: string;
  readonly name: string;
  readonly description?: string;
  /** One or two versions of that state machine whose weights (0–100) add up to 100. */
  readonly routingConfiguration: readonly { readonly stateMachineVersionArn: string; readonly weight: number }[];
  readonly creationDate: string;
  readonly updateDate: string;
}

/** One immutable revision of a state machine: what an execution started with. */
export interface StateMachineRevision {
  readonly stateMachineArn: string;
  readonly revisionId: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: string;
}

/** An activity as CreateActivity leaves it. */
export interface ActivityRecord {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/** A page request: at most `limit` items after the opaque `cursor` a previous page returned. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of results; `cursor` is present when more items follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

/** Which events `readEvents` returns. */
export interface EventRange {
  /** Only events with id greater than this (forward) or smaller than this (reverse). */
  readonly after?: number;
  readonly limit?: number;
  /** Newest first. */
  readonly reverse?: boolean;
}

/** Which executions `listExecutions` returns, newest first. */
export interface ExecutionQuery extends PageRequest {
  readonly stateMachineArn: string;
  readonly status?: ExecutionStatus;
  /** Only executions started through this version (directly or through an alias that chose it). */
  readonly stateMachineVersionArn?: string;
  /** Only executions started through this alias. */
  readonly stateMachineAliasArn?: string;
  /** Only executions redriven at least once (true) or never (false): ListExecutions' `redriveFilter`. */
  readonly redriven?: boolean;
  /** Only the child executions of this Map Run (`stateMachineArn` is then their labelled state machine's). */
  readonly mapRunArn?: string;
}

/** How a Map Run stands (DescribeMapRun's `status`). */
export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/**
 * A Map Run: the child executions a Distributed Map state starts, and the settings that govern them.
 * The engine writes it when the run starts and when it ends; UpdateMapRun changes its three limits.
 * Its progress is not kept here: it is derived from the children's summaries (`mapRunArn`).
 */
export interface MapRunRecord {
  readonly mapRunArn: string;
  /** The execution whose Map state started it. */
  readonly executionArn: string;
  /** The labelled state machine ARN its children run (`…:stateMachine:<name>/<label>`). */
  readonly stateMachineArn: string;
  readonly status: MapRunStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  /** 0: no limit. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
  /** How many items the run processes (its children may take several each, with an ItemBatcher). */
  readonly itemCount: number;
  /** True when an ItemBatcher groups items: each child's input is `{ "Items": [...] }`. */
  readonly batched: boolean;
}

/**
 * Where executions, state machines and activities live. Every implementation passes
 * `describeStoreContract`. Methods reject only with the port's errors (`AppendConflict`,
 * `ExecutionAlreadyStored`, `InvalidStoreCursor` for a cursor the store did not hand out,
 * `StoreClosed` after `close`) or with failures of the medium itself (`StoreFailure`,
 * `StoreFileUnreadable`, `StoreSchemaTooNew`). Nothing a caller does to what it passed in or got
 * back reaches the stored data: values go in and come out as copies, except that a store may keep
 * the events it is given deeply frozen and hand those same frozen objects out (the memory store
 * does: copying every history in and out cost more than running it). An engine never changes an
 * event once it has handed it to the store.
 */
export interface Store {
  /** Writes a new execution's summary and first events atomically; rejects with `ExecutionAlreadyStored` if its ARN exists. */
  createExecution(summary: ExecutionSummary, firstEvents: readonly RecordedEvent[]): Promise<void>;
  /**
   * Appends numbered events and replaces the summary in one transaction. Rejects with
   * `AppendConflict` when the stored last event id is not `expectedLastEventId`.
   */
  append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void>;
  /** Events (each with its facts) in id order (or reverse); empty for an unknown execution. */
  readEvents(executionArn: string, range?: EventRange): Promise<readonly RecordedEvent[]>;
  getExecution(executionArn: string): Promise<ExecutionSummary | undefined>;
  /** Executions of one state machine, newest start first (ties by ARN, descending). */
  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>>;
  /** Every RUNNING execution, for recovery after a restart: oldest start first (ties by ARN, ascending). */
  listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>>;

  putStateMachine(record: StateMachineRecord): Promise<void>;
  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined>;
  /** State machines by creation date, oldest first (ties by ARN), as ListStateMachines orders them. */
  listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>>;
  /**
   * Removes the record with its versions and aliases (AWS deletes them with it); its revisions stay
   * for the executions that reference them.
   */
  deleteStateMachine(stateMachineArn: string): Promise<void>;
  putStateMachineRevision(revision: StateMachineRevision): Promise<void>;
  getStateMachineRevision(stateMachineArn: string, revisionId: string): Promise<StateMachineRevision | undefined>;

  // Versions and aliases: records of their own, keyed by their qualified ARNs.

  /** Stores a new version; rejects with `RecordAlreadyStored` when its ARN exists (two publishers raced). */
  createStateMachineVersion(record: StateMachineVersionRecord): Promise<void>;
  getStateMachineVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined>;
  /** A state machine's versions, newest (highest number) first. */
  listStateMachineVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>>;
  /** Removes a version; its revision stays for the executions that ran it. No-op when absent. */
  deleteStateMachineVersion(stateMachineVersionArn: string): Promise<void>;
  /** Stores an alias, replacing one with the same ARN. */
  putStateMachineAlias(record: StateMachineAliasRecord): Promise<void>;
  getStateMachineAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined>;
  /** A state machine's aliases, newest creation first (ties by ARN, descending). */
  listStateMachineAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>>;
  /** Removes an alias. No-op when absent. */
  deleteStateMachineAlias(stateMachineAliasArn: string): Promise<void>;

  // Map Runs: records of their own, keyed by their ARNs.

  /** Stores a Map Run, replacing one with the same ARN. */
  putMapRun(record: MapRunRecord): Promise<void>;
  getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined>;
  /** The Map Runs an execution started, newest start first (ties by ARN, descending). */
  listMapRuns(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>>;

  putActivity(record: ActivityRecord): Promise<void>;
  getActivity(activityArn: string): Promise<ActivityRecord | undefined>;
  /** Activities by creation date, oldest first (ties by ARN). */
  listActivities(page: PageRequest): Promise<Page<ActivityRecord>>;
  deleteActivity(activityArn: string): Promise<void>;

  close(): Promise<void>;

  /**
   * Present on a store several engines share (PostgreSQL configured as a node): the leases and
   * messages through which they divide the running executions. An engine on this store uses it.
   */
  readonly coordination?: Coordination | undefined;

  // Audit (optional capabilities: a store that keeps no hash chain leaves them out).

  /**
   * Events in id order (or reverse) with the audit hash stored beside each, as `readEvents`
   * ranges them. A store that has this chains every event it stores: `hashEvent(previous hash,
   * executionArn, recorded event)` from `@statefold/core` (over the event and its facts), computed
   * when the event is written.
   */
  readStoredEvents?(executionArn: string, range?: EventRange): Promise<readonly StoredEvent[]>;
  /** Executions of every state machine, newest start first (ties by ARN, descending), optionally of one status. */
  listAllExecutions?(query: AllExecutionsQuery): Promise<Page<ExecutionSummary>>;
}

/** An event as a store keeps it: the event and its facts, and its link in the execution's audit hash chain. */
export interface StoredEvent extends RecordedEvent {
  /** Absent for an event stored before the store kept hashes. */
  readonly hash?: string;
}

/** Which executions `listAllExecutions` returns, newest first. */
export interface AllExecutionsQuery extends PageRequest {
  readonly status?: ExecutionStatus;
}

/** The stored history has moved on since the writer loaded it: reload and decide again. */
export class AppendConflict extends Error {
  constructor(
    readonly executionArn: string,
    readonly expectedLastEventId: number,
    readonly actualLastEventId: number | undefined,
  ) {
    super(
      `Append to ${executionArn} expected last event ${expectedLastEventId}, found ${actualLastEventId ?? 'no execution'}`,
    );
    this.name = 'AppendConflict';
  }
}

/** A create (`createStateMachineVersion`) found a record with that ARN already stored. */
export class RecordAlreadyStored extends Error {
  constructor(readonly arn: string) {
    super(`Record already stored: ${arn}`);
    this.name = 'RecordAlreadyStored';
  }
}

/** `createExecution` found an execution with that ARN already stored. */
export class ExecutionAlreadyStored extends Error {
  constructor(readonly executionArn: string) {
    super(`Execution already stored: ${executionArn}`);
    this.name = 'ExecutionAlreadyStored';
  }
}

/** What one node tells the others (and hears from them) when several engines share one store. */
export type NodeMessage =
  /** A node that does not own the execution appended to it (an API call): the owner reloads and re-arms. */
  | { readonly kind: 'appended'; readonly executionArn: string; readonly lastEventId: number }
  /** An activity task waits for a worker: every node offers it to its GetActivityTask pollers. */
  | {
      readonly kind: 'activity';
      readonly activityArn: string;
      readonly executionArn: string;
      readonly scheduledEventId: number;
    }
  /** SendTaskHeartbeat reached a node that does not own the execution: the owner moves the deadline. */
  | { readonly kind: 'heartbeat'; readonly executionArn: string; readonly scheduledEventId: number };

/** An execution whose lease this node holds, and where its stored history ends. */
export interface HeldLease {
  readonly executionArn: string;
  readonly lastEventId: number;
}

/**
 * Several engines (nodes) on one store. Each RUNNING execution is driven by the one node that
 * holds its lease (an expiry the node renews while it lives): that node arms its timers and runs
 * its tasks, and appends what they cause as the owner, which the store refuses (`LeaseLost`) once
 * the lease has expired or moved. Any node may append what an API call causes (a task result, a
 * stop): the expected-last-event check orders it with the owner's appends, and a message tells the
 * owner. A node that starts an execution holds its lease from the first event; one whose lease
 * expired (its node died or stalled) is claimed by another node, which resumes it from its history.
 */
export interface Coordination {
  /** This node's name, as the leases record it. */
  readonly nodeId: string;
  /** How long a lease lasts unless renewed, in milliseconds. */
  readonly leaseMs: number;
  /** `Store.append`, but only while this node holds the execution's lease; rejects with `LeaseLost` otherwise. */
  appendAsOwner(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void>;
  /** Extends every unexpired lease this node holds; answers the executions it still holds. */
  renewLeases(): Promise<readonly HeldLease[]>;
  /** Takes the leases of up to `limit` RUNNING executions whose lease expired (or that have none). */
  claimOrphans(limit: number): Promise<readonly string[]>;
  /** Lets every lease of this node expire now, so that other nodes take the executions at once. */
  releaseLeases(): Promise<void>;
  /** Sends a message to the other nodes (not to this one). */
  publish(message: NodeMessage): void;
  /** Receives the other nodes' messages until the returned function is called. */
  subscribe(listener: (message: NodeMessage) => void): () => void;
}
