import {
  RecordAlreadyStored,
  type Page,
  type PageRequest,
  type StateMachineAliasRecord,
  type StateMachineVersionRecord,
} from './store.js';
import { descending, SortedKeyIndex, type SortKey } from './sorted-key-index.js';

// The memory store's versions and aliases: records by qualified ARN, and per state machine an
// index in listing order. Kept apart from MemoryStore, which delegates to it.

/** Version numbers padded so that text order is numeric order (AWS allows 1000 per state machine). */
const versionKey = (record: StateMachineVersionRecord): SortKey => [
  String(record.version).padStart(12, '0'),
  record.stateMachineVersionArn,
];
const aliasKey = (record: StateMachineAliasRecord): SortKey => [record.creationDate, record.stateMachineAliasArn];

/** A state machine's versions and aliases in plain maps; values go in and come out through `copy`. */
export class MemoryVersionRecords {
  readonly #versions = new Map<string, StateMachineVersionRecord>();
  readonly #versionOrder = new Map<string, SortedKeyIndex>();
  readonly #aliases = new Map<string, StateMachineAliasRecord>();
  readonly #aliasOrder = new Map<string, SortedKeyIndex>();

  readonly #copy: <T>(value: T) => T;

  constructor(copy: <T>(value: T) => T) {
    this.#copy = copy;
  }

  createVersion(record: StateMachineVersionRecord): void {
    if (this.#versions.has(record.stateMachineVersionArn)) throw new RecordAlreadyStored(record.stateMachineVersionArn);
    this.#versions.set(record.stateMachineVersionArn, this.#copy(record));
    indexOf(this.#versionOrder, record.stateMachineArn).insert(versionKey(record));
  }

  getVersion(arn: string): StateMachineVersionRecord | undefined {
    return this.#copy(this.#versions.get(arn));
  }

  listVersions(stateMachineArn: string, page: PageRequest): Page<StateMachineVersionRecord> {
    return listed(this.#versionOrder, stateMachineArn, page, (arn) => this.#versions.get(arn), this.#copy);
  }

  deleteVersion(arn: string): void {
    const record = this.#versions.get(arn);
    if (record === undefined) return;
    this.#versionOrder.get(record.stateMachineArn)?.remove(versionKey(record));
    this.#versions.delete(arn);
  }

  putAlias(record: StateMachineAliasRecord): void {
    this.deleteAlias(record.stateMachineAliasArn);
    this.#aliases.set(record.stateMachineAliasArn, this.#copy(record));
    indexOf(this.#aliasOrder, record.stateMachineArn).insert(aliasKey(record));
  }

  getAlias(arn: string): StateMachineAliasRecord | undefined {
    return this.#copy(this.#aliases.get(arn));
  }

  listAliases(stateMachineArn: string, page: PageRequest): Page<StateMachineAliasRecord> {
    return listed(this.#aliasOrder, stateMachineArn, page, (arn) => this.#aliases.get(arn), this.#copy);
  }

  deleteAlias(arn: string): void {
    const record = this.#aliases.get(arn);
    if (record === undefined) return;
    this.#aliasOrder.get(record.stateMachineArn)?.remove(aliasKey(record));
    this.#aliases.delete(arn);
  }

  /** Removes every version and alias of a state machine (DeleteStateMachine). */
  deleteAllOf(stateMachineArn: string): void {
    for (const record of [...this.#versions.values()]) {
      if (record.stateMachineArn === stateMachineArn) this.#versions.delete(record.stateMachineVersionArn);
    }
    for (const record of [...this.#aliases.values()]) {
      if (record.stateMachineArn === stateMachineArn) this.#aliases.delete(record.stateMachineAliasArn);
    }
    this.#versionOrder.delete(stateMachineArn);
    this.#aliasOrder.delete(stateMachineArn);
  }
}

function indexOf(indexes: Map<string, SortedKeyIndex>, stateMachineArn: string): SortedKeyIndex {
  let index = indexes.get(stateMachineArn);
  if (index === undefined) {
    index = new SortedKeyIndex(descending);
    indexes.set(stateMachineArn, index);
  }
  return index;
}

function listed<T>(
  indexes: Map<string, SortedKeyIndex>,
  stateMachineArn: string,
  page: PageRequest,
  find: (arn: string) => T | undefined,
  copy: <V>(value: V) => V,
): Page<T> {
  const index = indexes.get(stateMachineArn) ?? new SortedKeyIndex(descending);
  return index.page(page, ([, arn]) => {
    const record = find(arn);
    // The index and the map are written together, so a listed key always has its record.
    if (record === undefined) throw new Error('MemoryStore version index out of step with its records');
    return copy(record);
  });
}
