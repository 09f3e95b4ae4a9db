import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';
import type { Page, PageRequest } from './store.js';

/** A sort key: its last part is the record's ARN, so keys are unique. */
export type SortKey = readonly [string, string];

/** How two keys order: negative when `a` comes first. */
export type KeyOrder = (a: SortKey, b: SortKey) => number;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending by every part in turn. */
export const ascending: KeyOrder = (a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]);

/** Descending by every part in turn. */
export const descending: KeyOrder = (a, b) => ascending(b, a);

/**
 * Keys kept sorted as they are inserted, so that a page is a binary search and a slice rather
 * than a sort of every record on each list call.
 */
export class SortedKeyIndex {
  readonly #keys: SortKey[] = [];
  readonly #order: KeyOrder;

  constructor(order: KeyOrder) {
    this.#order = order;
  }

  /** Adds a key; adding one that is present changes nothing. */
  insert(key: SortKey): void {
    const index = this.#firstNotBefore(key);
    const found = this.#keys[index];
    if (found !== undefined && this.#order(found, key) === 0) return;
    this.#keys.splice(index, 0, key);
  }

  /** Removes a key if present. */
  remove(key: SortKey): void {
    const index = this.#firstNotBefore(key);
    const found = this.#keys[index];
    if (found !== undefined && this.#order(found, key) === 0) this.#keys.splice(index, 1);
  }

  /**
   * One page of records in key order, starting after the key a cursor names; `load` turns a key
   * into the record. Throws `InvalidStoreCursor` for a cursor this index did not make.
   */
  page<T>(request: PageRequest, load: (key: SortKey) => T): Page<T> {
    let start = 0;
    if (request.cursor !== undefined) {
      const [first = '', second = ''] = decodeKeysetCursor(request.cursor, 2);
      const after: SortKey = [first, second];
      start = this.#firstNotBefore(after);
      const found = this.#keys[start];
      if (found !== undefined && this.#order(found, after) === 0) start += 1;
    }
    const keys = this.#keys.slice(start, start + request.limit);
    const last = keys[keys.length - 1];
    const more = start + keys.length < this.#keys.length;
    const items = keys.map(load);
    return more && last !== undefined ? { items, cursor: encodeKeysetCursor(last) } : { items };
  }

  #firstNotBefore(key: SortKey): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const probe = this.#keys[middle];
      if (probe !== undefined && this.#order(probe, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
