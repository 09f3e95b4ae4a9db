import { encodeKeysetCursor, type Page } from '@statefold/core';

/** Rows were fetched with `limit + 1`: the extra one only says that another page follows. */
export function toPage<Row, T>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => T,
  keyOf: (row: Row) => readonly string[],
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const items = pageRows.map(toItem);
  return rows.length > limit && last !== undefined ? { items, cursor: encodeKeysetCursor(keyOf(last)) } : { items };
}
