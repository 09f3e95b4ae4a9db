import { deepFreeze } from '../data/index.js';
import { GENESIS_HASH, hashEvent, type EventFacts, type HistoryEvent, type RecordedEvent } from '../history/index.js';
import { StoreClosed } from './store-errors.js';
import {
  AppendConflict,
  ExecutionAlreadyStored,
  type ActivityRecord,
  type AllExecutionsQuery,
  type EventRange,
  type ExecutionQuery,
  type ExecutionSummary,
  type MapRunRecord,
  type Page,
  type PageRequest,
  type StateMachineAliasRecord,
  type StateMachineRecord,
  type StateMachineRevision,
  type StateMachineVersionRecord,
  type Store,
  type StoredEvent,
} from './store.js';
import { MemoryMapRuns } from './memory-map-runs.js';
import { MemoryVersionRecords } from './memory-versions.js';
import { ascending, descending, SortedKeyIndex, type SortKey } from './sorted-key-index.js';

interface StoredExecution {
  summary: ExecutionSummary;
  /** The events as given, deeply frozen: handed out as they are, since nobody can change them. */
  readonly events: HistoryEvent[];
  /**
   * Each event's facts, by position, frozen likewise. Kept apart rather than as the envelopes they
   * came in: an envelope per stored event was memory held for as long as the history, and a read
   * makes the few it hands out.
   */
  readonly facts: EventFacts[];
  /** Each event's id, by position (for ranged reads without parsing). */
  readonly ids: number[];
  /**
   * The audit hash of each event, by position, computed when first read: the stored events are
   * frozen, so hashing them later gives the same chain, and executions nobody audits cost no
   * hashing on the append path.
   */
  readonly hashes: string[];
}

// Callers may hold on to what they passed or got back, and nothing they do to it may reach the
// stored data. Events — nearly all of what is stored — are frozen in place (deeply) rather than
// copied: an engine hands every event to the store once and never changes it, and copying a
// history on the way in and again on every read cost more than running the states that made it.
// Other records are copied on the way in and out: everything stored is plain data, which a direct
// recursive copy clones several times faster than structuredClone or a JSON round trip. Summaries
// are flat records, so a shallow copy is a whole copy.
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const result: Record<string, unknown> = {};
  for (const key in value) result[key] = copy((value as Record<string, unknown>)[key]);
  return result as T;
}
const copySummary = (summary: ExecutionSummary): ExecutionSummary => ({ ...summary });

const startKey = (summary: ExecutionSummary): SortKey => [summary.startDate, summary.executionArn];

/**
 * A `Store` in plain maps, for tests and for runs that need no persistence: what
 * `new StepFunctions()` uses when given no store. Nothing survives the process. Every list is
 * served from an index kept sorted on write. Operations are atomic because each runs to
 * completion without awaiting.
 */
export class MemoryStore implements Store {
  readonly #executions = new Map<string, StoredExecution>();
  /** Per state machine ARN, newest start first. */
  readonly #executionsByMachine = new Map<string, SortedKeyIndex>();
  /** Per state machine ARN and status, newest start first. */
  readonly #executionsByMachineStatus = new Map<string, SortedKeyIndex>();
  /** Every execution, newest start first. */
  readonly #allExecutions = new SortedKeyIndex(descending);
  /** Per status, newest start first. */
  readonly #executionsByStatus = new Map<string, SortedKeyIndex>();
  /** RUNNING executions, oldest start first. */
  readonly #openExecutions = new SortedKeyIndex(ascending);
  readonly #stateMachines = new Map<string, StateMachineRecord>();
  readonly #stateMachineOrder = new SortedKeyIndex(ascending);
  readonly #revisions = new Map<string, StateMachineRevision>();
  readonly #versionRecords = new MemoryVersionRecords(copy);
  readonly #mapRuns = new MemoryMapRuns(copy);
  readonly #activities = new Map<string, ActivityRecord>();
  readonly #activityOrder = new SortedKeyIndex(ascending);
  #closed = false;

  async createExecution(summary: ExecutionSummary, firstEvents: readonly RecordedEvent[]): Promise<void> {
    this.#assertOpen();
    if (this.#executions.has(summary.executionArn)) throw new ExecutionAlreadyStored(summary.executionArn);
    const stored: StoredExecution = { summary: copySummary(summary), events: [], facts: [], ids: [], hashes: [] };
    keep(stored, firstEvents);
    this.#executions.set(summary.executionArn, stored);
    this.#index(stored.summary);
  }

  async append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void> {
    this.#assertOpen();
    const stored = this.#executions.get(executionArn);
    const actualLastEventId = stored?.summary.lastEventId;
    if (stored === undefined || actualLastEventId !== expectedLastEventId) {
      throw new AppendConflict(executionArn, expectedLastEventId, actualLastEventId);
    }
    const previous = stored.summary;
    keep(stored, events);
    stored.summary = copySummary(summary);
    // Most appends leave the sort key and status alone; re-indexing is only for those that don't.
    if (
      previous.status !== summary.status ||
      previous.startDate !== summary.startDate ||
      previous.stateMachineArn !== summary.stateMachineArn
    ) {
      this.#unindex(previous);
      this.#index(stored.summary);
    }
  }

  async readEvents(executionArn: string, range: EventRange = {}): Promise<readonly RecordedEvent[]> {
    this.#assertOpen();
    const stored = this.#executions.get(executionArn);
    if (stored === undefined) return [];
    return rangeOf(stored.ids, range).map((index) => ({
      event: required(stored.events[index]),
      facts: required(stored.facts[index]),
    }));
  }

  /** Events with their audit hashes, ranged as `readEvents` ranges them. */
  async readStoredEvents(executionArn: string, range: EventRange = {}): Promise<readonly StoredEvent[]> {
    this.#assertOpen();
    const stored = this.#executions.get(executionArn);
    if (stored === undefined) return [];
    hashUpToDate(executionArn, stored);
    return rangeOf(stored.ids, range).map((index) => ({
      event: required(stored.events[index]),
      facts: required(stored.facts[index]),
      hash: required(stored.hashes[index]),
    }));
  }

  /** Executions of every state machine, newest start first (ties by ARN, descending). */
  async listAllExecutions(query: AllExecutionsQuery): Promise<Page<ExecutionSummary>> {
    this.#assertOpen();
    const index = query.status === undefined ? this.#allExecutions : this.#executionsByStatus.get(query.status);
    return (index ?? new SortedKeyIndex(descending)).page(query, ([, arn]) => this.#summaryOf(arn));
  }

  async getExecution(executionArn: string): Promise<ExecutionSummary | undefined> {
    this.#assertOpen();
    const stored = this.#executions.get(executionArn);
    return stored === undefined ? undefined : copySummary(stored.summary);
  }

  async listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    this.#assertOpen();
    // Executions are indexed under their version, alias and Map Run ARNs as well as their state machine's.
    const listedArn =
      query.mapRunArn ?? query.stateMachineAliasArn ?? query.stateMachineVersionArn ?? query.stateMachineArn;
    const index =
      query.status === undefined
        ? this.#executionsByMachine.get(listedArn)
        : this.#executionsByMachineStatus.get(statusIndexKey(listedArn, query.status));
    const redriven = query.redriven;
    const include =
      redriven === undefined
        ? undefined
        : ([, arn]: SortKey) => (this.#executions.get(arn)?.summary.redriveCount ?? 0) > 0 === redriven;
    return (index ?? new SortedKeyIndex(descending)).page(query, ([, arn]) => this.#summaryOf(arn), include);
  }

  async listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    this.#assertOpen();
    return this.#openExecutions.page(page, ([, arn]) => this.#summaryOf(arn));
  }

  async putStateMachine(record: StateMachineRecord): Promise<void> {
    this.#assertOpen();
    const previous = this.#stateMachines.get(record.stateMachineArn);
    if (previous !== undefined) this.#stateMachineOrder.remove([previous.creationDate, previous.stateMachineArn]);
    this.#stateMachines.set(record.stateMachineArn, copy(record));
    this.#stateMachineOrder.insert([record.creationDate, record.stateMachineArn]);
  }

  async getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    this.#assertOpen();
    return copy(this.#stateMachines.get(stateMachineArn));
  }

  async listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    this.#assertOpen();
    return this.#stateMachineOrder.page(page, ([, arn]) => copy(required(this.#stateMachines.get(arn))));
  }

  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    this.#assertOpen();
    const previous = this.#stateMachines.get(stateMachineArn);
    if (previous === undefined) return;
    this.#stateMachineOrder.remove([previous.creationDate, stateMachineArn]);
    this.#stateMachines.delete(stateMachineArn);
    this.#versionRecords.deleteAllOf(stateMachineArn);
  }

  async createStateMachineVersion(record: StateMachineVersionRecord): Promise<void> {
    this.#assertOpen();
    this.#versionRecords.createVersion(record);
  }

  async getStateMachineVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    this.#assertOpen();
    return this.#versionRecords.getVersion(stateMachineVersionArn);
  }

  async listStateMachineVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>> {
    this.#assertOpen();
    return this.#versionRecords.listVersions(stateMachineArn, page);
  }

  async deleteStateMachineVersion(stateMachineVersionArn: string): Promise<void> {
    this.#assertOpen();
    this.#versionRecords.deleteVersion(stateMachineVersionArn);
  }

  async putStateMachineAlias(record: StateMachineAliasRecord): Promise<void> {
    this.#assertOpen();
    this.#versionRecords.putAlias(record);
  }

  async getStateMachineAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    this.#assertOpen();
    return this.#versionRecords.getAlias(stateMachineAliasArn);
  }

  async listStateMachineAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>> {
    this.#assertOpen();
    return this.#versionRecords.listAliases(stateMachineArn, page);
  }

  async deleteStateMachineAlias(stateMachineAliasArn: string): Promise<void> {
    this.#assertOpen();
    this.#versionRecords.deleteAlias(stateMachineAliasArn);
  }

  async putStateMachineRevision(revision: StateMachineRevision): Promise<void> {
    this.#assertOpen();
    this.#revisions.set(revisionKey(revision.stateMachineArn, revision.revisionId), copy(revision));
  }

  async getStateMachineRevision(
    stateMachineArn: string,
    revisionId: string,
  ): Promise<StateMachineRevision | undefined> {
    this.#assertOpen();
    return copy(this.#revisions.get(revisionKey(stateMachineArn, revisionId)));
  }

  async putMapRun(record: MapRunRecord): Promise<void> {
    this.#assertOpen();
    this.#mapRuns.put(record);
  }

  async getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    this.#assertOpen();
    return this.#mapRuns.get(mapRunArn);
  }

  async listMapRuns(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>> {
    this.#assertOpen();
    return this.#mapRuns.list(executionArn, page);
  }

  async putActivity(record: ActivityRecord): Promise<void> {
    this.#assertOpen();
    const previous = this.#activities.get(record.activityArn);
    if (previous !== undefined) this.#activityOrder.remove([previous.creationDate, previous.activityArn]);
    this.#activities.set(record.activityArn, copy(record));
    this.#activityOrder.insert([record.creationDate, record.activityArn]);
  }

  async getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    this.#assertOpen();
    return copy(this.#activities.get(activityArn));
  }

  async listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    this.#assertOpen();
    return this.#activityOrder.page(page, ([, arn]) => copy(required(this.#activities.get(arn))));
  }

  async deleteActivity(activityArn: string): Promise<void> {
    this.#assertOpen();
    const previous = this.#activities.get(activityArn);
    if (previous === undefined) return;
    this.#activityOrder.remove([previous.creationDate, activityArn]);
    this.#activities.delete(activityArn);
  }

  /** Ends the store: every later call rejects with `StoreClosed`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosed();
  }

  #summaryOf(executionArn: string): ExecutionSummary {
    return copySummary(required(this.#executions.get(executionArn)).summary);
  }

  #index(summary: ExecutionSummary): void {
    const key = startKey(summary);
    for (const listedArn of listedArnsOf(summary)) {
      indexIn(this.#executionsByMachine, listedArn).insert(key);
      indexIn(this.#executionsByMachineStatus, statusIndexKey(listedArn, summary.status)).insert(key);
    }
    this.#allExecutions.insert(key);
    indexIn(this.#executionsByStatus, summary.status).insert(key);
    if (summary.status === 'RUNNING') this.#openExecutions.insert(key);
  }

  #unindex(summary: ExecutionSummary): void {
    const key = startKey(summary);
    for (const listedArn of listedArnsOf(summary)) {
      this.#executionsByMachine.get(listedArn)?.remove(key);
      this.#executionsByMachineStatus.get(statusIndexKey(listedArn, summary.status))?.remove(key);
    }
    this.#allExecutions.remove(key);
    this.#executionsByStatus.get(summary.status)?.remove(key);
    this.#openExecutions.remove(key);
  }
}

/**
 * Adds events to an execution's arrays, freezing each event and its facts in place. An indexed
 * loop: a `for…of` that destructured each envelope made a Map's first append half as slow again.
 */
function keep(stored: StoredExecution, events: readonly RecordedEvent[]): void {
  for (let index = 0; index < events.length; index++) {
    const recorded = events[index];
    if (recorded === undefined) continue;
    const { event, facts } = recorded;
    stored.events.push(deepFreeze(event));
    stored.facts.push(deepFreeze(facts));
    stored.ids.push(event.id);
  }
}

/** Extends an execution's hash chain over the events appended since it was last read. */
function hashUpToDate(executionArn: string, stored: StoredExecution): void {
  for (let index = stored.hashes.length; index < stored.events.length; index += 1) {
    const recorded = { event: required(stored.events[index]), facts: required(stored.facts[index]) };
    stored.hashes.push(hashEvent(stored.hashes[index - 1] ?? GENESIS_HASH, executionArn, recorded));
  }
}

/** Creates an empty `MemoryStore`. */
export function memoryStore(): MemoryStore {
  return new MemoryStore();
}

function indexIn(indexes: Map<string, SortedKeyIndex>, key: string): SortedKeyIndex {
  let index = indexes.get(key);
  if (index === undefined) {
    index = new SortedKeyIndex(descending);
    indexes.set(key, index);
  }
  return index;
}

/** The ARNs listExecutions finds an execution under: its state machine's, its version's, alias's and Map Run's. */
function listedArnsOf(summary: ExecutionSummary): string[] {
  const arns = [summary.stateMachineArn];
  if (summary.mapRunArn !== undefined) arns.push(summary.mapRunArn);
  if (summary.stateMachineVersionArn !== undefined) arns.push(summary.stateMachineVersionArn);
  if (summary.stateMachineAliasArn !== undefined) arns.push(summary.stateMachineAliasArn);
  return arns;
}

// Newline cannot occur in an ARN, so these composite keys cannot collide.
const statusIndexKey = (stateMachineArn: string, status: string): string => `${stateMachineArn}\n${status}`;
const revisionKey = (stateMachineArn: string, revisionId: string): string => `${stateMachineArn}\n${revisionId}`;

/** The positions of the events `range` selects (by their ids, in position order), in the order it asks for. */
function rangeOf(ids: readonly number[], range: EventRange): number[] {
  const limit = range.limit ?? Number.POSITIVE_INFINITY;
  const positions: number[] = [];
  if (range.reverse === true) {
    const end = range.after === undefined ? ids.length : firstIndexWithIdAtLeast(ids, range.after);
    for (let index = end - 1; index >= Math.max(0, end - limit); index--) positions.push(index);
    return positions;
  }
  const start = range.after === undefined ? 0 : firstIndexWithIdAtLeast(ids, range.after + 1);
  for (let index = start; index < Math.min(ids.length, start + limit); index++) positions.push(index);
  return positions;
}

/** Events are stored in id order, so the first event with `id >= minimumId` is a binary search away. */
function firstIndexWithIdAtLeast(ids: readonly number[], minimumId: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? Number.POSITIVE_INFINITY) < minimumId) low = middle + 1;
    else high = middle;
  }
  return low;
}

// The indexes and the maps are written together, so a key in an index always has its record.
function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('MemoryStore index out of step with its records');
  return value;
}
