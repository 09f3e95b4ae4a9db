import {
  AppendConflict,
  ExecutionAlreadyStored,
  InvalidStoreCursor,
  RecordAlreadyStored,
  StoreClosed,
  StoreFailure,
  StoreFileUnreadable,
  StoreSchemaTooNew,
} from '@statefold/core';
import BetterSqlite3 from 'better-sqlite3';

// The adapter's boundary: better-sqlite3's SqliteError (and anything else unexpected from the
// driver or Kysely) becomes one of the port's errors here, so no driver type reaches a caller.

const portErrors = [
  AppendConflict,
  ExecutionAlreadyStored,
  InvalidStoreCursor,
  RecordAlreadyStored,
  StoreClosed,
  StoreFailure,
  StoreFileUnreadable,
  StoreSchemaTooNew,
] as const;

/** The SQLite result code of a driver error (`SQLITE_CONSTRAINT_PRIMARYKEY` …), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  return error instanceof BetterSqlite3.SqliteError ? error.code : undefined;
}

/** True when the error is a primary key (or unique) violation. */
export function isKeyViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Turns any error raised under the store into a port error; port errors pass through unchanged. */
export function toPortError(error: unknown, filename: string): Error {
  if (portErrors.some((portError) => error instanceof portError)) return error as Error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (
    code !== undefined &&
    (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CANTOPEN'))
  ) {
    return new StoreFileUnreadable(filename, `${message} (${code})`, { cause: error });
  }
  return new StoreFailure(`SQLite store ${filename}: ${message}${code === undefined ? '' : ` (${code})`}`, {
    cause: error,
  });
}
