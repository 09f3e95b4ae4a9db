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
 *
 * Keys mostly arrive in ascending order (start dates only grow), so a descending index keeps its
 * keys ascending and reads them from the end: a new execution is then an append, not a shift of
 * every stored key (which made each start O(n) in the number of executions stored).
 */
export class SortedKeyIndex {
  /** Sorted by `#stored`; read backwards when `#reversed`. */
  readonly #keys: SortKey[] = [];
  readonly #stored: KeyOrder;
  readonly #reversed: boolean;

  constructor(order: KeyOrder) {
    this.#reversed = order === descending;
    this.#stored = this.#reversed ? ascending : order;
  }

  /** Adds a key; adding one that is present changes nothing. */
  insert(key: SortKey): void {
    // Most keys are the newest yet (a start date no earlier than any stored): one comparison, not a search.
    const last = this.#keys[this.#keys.length - 1];
    if (last === undefined || this.#stored(last, key) < 0) {
      this.#keys.push(key);
      return;
    }
    const index = this.#firstNotBefore(key);
    const found = this.#keys[index];
    if (found !== undefined && this.#stored(found, key) === 0) return;
    if (index === this.#keys.length) this.#keys.push(key);
    else this.#keys.splice(index, 0, key);
  }

  /** Removes a key if present. */
  remove(key: SortKey): void {
    const index = this.#firstNotBefore(key);
    const found = this.#keys[index];
    if (found !== undefined && this.#stored(found, key) === 0) this.#keys.splice(index, 1);
  }

  /**
   * One page of records in key order, starting after the key a cursor names; `load` turns a key
   * into the record, and `include` (when given) keeps only the keys it accepts. Throws `InvalidStoreCursor` for a cursor this index did not make.
   */
  page<T>(request: PageRequest, load: (key: SortKey) => T, include?: (key: SortKey) => boolean): Page<T> {
    const count = this.#keys.length;
    // Positions in the index's own order (0 = first listed).
    let start = 0;
    if (request.cursor !== undefined) {
      const [first = '', second = ''] = decodeKeysetCursor(request.cursor, 2);
      const after: SortKey = [first, second];
      const position = this.#firstNotBefore(after);
      if (this.#reversed) {
        // Listed after `after` = stored before it: the `position` smallest keys, listed last.
        start = count - position;
      } else {
        const found = this.#keys[position];
        start = found !== undefined && this.#stored(found, after) === 0 ? position + 1 : position;
      }
    }
    const keys: SortKey[] = [];
    let listed = start;
    let more = false;
    // `include` skips keys (a filter the index is not sorted by); the page ends at `limit` kept keys.
    for (; listed < count; listed += 1) {
      const key = this.#keys[this.#reversed ? count - 1 - listed : listed];
      if (key === undefined || (include !== undefined && !include(key))) continue;
      if (keys.length === request.limit) {
        more = true;
        break;
      }
      keys.push(key);
    }
    const last = keys[keys.length - 1];
    const items = keys.map(load);
    return more && last !== undefined ? { items, cursor: encodeKeysetCursor(last) } : { items };
  }

  #firstNotBefore(key: SortKey): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const probe = this.#keys[middle];
      if (probe !== undefined && this.#stored(probe, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
