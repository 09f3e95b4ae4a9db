import type { MapRunRecord, Page, PageRequest } from './store.js';
import { descending, SortedKeyIndex, type SortKey } from './sorted-key-index.js';

// The memory store's Map Runs: records by ARN, and per execution an index in listing order. Kept
// apart from MemoryStore, which delegates to it.

const startKey = (record: MapRunRecord): SortKey => [record.startDate, record.mapRunArn];

/** Map Run records in plain maps; values go in and come out through `copy`. */
export class MemoryMapRuns {
  readonly #records = new Map<string, MapRunRecord>();
  readonly #byExecution = new Map<string, SortedKeyIndex>();
  readonly #copy: <T>(value: T) => T;

  constructor(copy: <T>(value: T) => T) {
    this.#copy = copy;
  }

  put(record: MapRunRecord): void {
    const previous = this.#records.get(record.mapRunArn);
    if (previous !== undefined) this.#byExecution.get(previous.executionArn)?.remove(startKey(previous));
    this.#records.set(record.mapRunArn, this.#copy(record));
    let index = this.#byExecution.get(record.executionArn);
    if (index === undefined) {
      index = new SortedKeyIndex(descending);
      this.#byExecution.set(record.executionArn, index);
    }
    index.insert(startKey(record));
  }

  get(mapRunArn: string): MapRunRecord | undefined {
    return this.#copy(this.#records.get(mapRunArn));
  }

  list(executionArn: string, page: PageRequest): Page<MapRunRecord> {
    const index = this.#byExecution.get(executionArn) ?? new SortedKeyIndex(descending);
    return index.page(page, ([, arn]) => {
      const record = this.#records.get(arn);
      // The index and the map are written together, so a listed key always has its record.
      if (record === undefined) throw new Error('MemoryStore Map Run index out of step with its records');
      return this.#copy(record);
    });
  }
}
