import { InvalidStoreCursor } from './store-errors.js';

// Stores page by keyset: a cursor is the sort key of the last item a page returned, and the next
// page starts strictly after it. Unlike an offset, that neither repeats nor skips an item when
// others are inserted between two page requests.

/** Encodes the sort key of a page's last item as an opaque cursor. Pure. */
export function encodeKeysetCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeKeysetCursor` into a key of `length` strings. Pure; throws
 * `InvalidStoreCursor` for anything else.
 */
export function decodeKeysetCursor(cursor: string, length: number): readonly string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidStoreCursor(cursor, { cause: error });
  }
  if (!Array.isArray(parsed) || parsed.length !== length || !parsed.every((part) => typeof part === 'string')) {
    throw new InvalidStoreCursor(cursor);
  }
  return parsed as readonly string[];
}
