import { InvalidToken } from '../errors/index.js';
import { isStoreError } from '../store/index.js';

// A `nextToken` is base64url JSON: the store's opaque cursor, the action it was issued for, a
// digest of the request's other arguments (AWS: "keep all other arguments unchanged") and a
// checksum. A forged, corrupted or mismatched token therefore fails with `InvalidToken` here,
// before it can reach the store. Filters are digested so tokens stay under AWS's 1024 characters.

/** What a token was issued for: the action and the arguments that must not change between pages. */
export interface TokenScope {
  readonly action: string;
  readonly filter?: string;
}

interface TokenBody {
  readonly a: string;
  readonly f: string;
  readonly c: string;
  readonly s: string;
}

/** Wraps a store cursor into a `nextToken` for `scope`. Pure. */
export function encodePageToken(scope: TokenScope, cursor: string): string {
  const unsigned = { a: scope.action, f: digest(scope.filter ?? ''), c: cursor };
  const body: TokenBody = { ...unsigned, s: digest(JSON.stringify(unsigned)) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Unwraps a `nextToken` into the store cursor; throws `InvalidToken` unless it was issued for `scope`. */
export function decodePageToken(scope: TokenScope, token: string): string {
  const body = readBody(token);
  if (body === undefined) throw new InvalidToken(`Invalid Token: '${token}'`);
  const { s, ...unsigned } = body;
  if (s !== digest(JSON.stringify(unsigned)) || body.a !== scope.action || body.f !== digest(scope.filter ?? '')) {
    throw new InvalidToken(`Invalid Token: '${token}'`);
  }
  return body.c;
}

/**
 * Runs a store listing that was given the cursor of `token`; a cursor the store refuses (a token
 * carried over from another store, or a store that changed its cursor format) becomes `InvalidToken`.
 */
export async function readPage<T>(token: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (token !== undefined && isStoreError(error, 'InvalidStoreCursor')) {
      throw new InvalidToken(`Invalid Token: '${token}'`, { cause: error });
    }
    throw error;
  }
}

function readBody(token: string): TokenBody | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // Not JSON after decoding: a corrupted token, which the caller reports as InvalidToken.
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { a, f, c, s } = parsed as Record<string, unknown>;
  if (typeof a !== 'string' || typeof f !== 'string' || typeof c !== 'string' || typeof s !== 'string')
    return undefined;
  return { a, f, c, s };
}

// FNV-1a, 32 bits, as 8 hex digits: detects corruption and argument changes, not an adversary.
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
