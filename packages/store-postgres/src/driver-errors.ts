import {
  AppendConflict,
  ExecutionAlreadyStored,
  InvalidStoreCursor,
  LeaseLost,
  RecordAlreadyStored,
  StoreClosed,
  StoreFailure,
  StoreSchemaTooNew,
} from '@statefold/core';

// The adapter's boundary: errors of node-postgres (a refused connection, a server error with its
// SQLSTATE) and of Kysely become port errors here, so no driver type reaches a caller.

const portErrors = [
  AppendConflict,
  ExecutionAlreadyStored,
  InvalidStoreCursor,
  LeaseLost,
  RecordAlreadyStored,
  StoreClosed,
  StoreFailure,
  StoreSchemaTooNew,
] as const;

/** Why a connection failed, in words an operator can act on, by SQLSTATE or socket error code. */
const reasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the server closed the connection',
  '28P01': 'the server refused the password',
  '28000': 'the server refused the credentials',
  '3D000': 'the database does not exist',
  '42501': 'permission denied',
  '57P03': 'the server is starting up or shutting down',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // node-postgres reports a refused connection to localhost as an AggregateError (IPv4 and IPv6).
  if (error instanceof AggregateError) return error.errors.map(codeOf).find((inner) => inner !== undefined);
  return undefined;
}

/** Turns any error raised under the store into a port error; port errors pass through unchanged. */
export function toPortError(error: unknown, location: string): Error {
  if (portErrors.some((portError) => error instanceof portError)) return error as Error;
  const code = codeOf(error);
  const reason = code === undefined ? undefined : reasons[code];
  const message = error instanceof Error && error.message !== '' ? error.message : String(code ?? error);
  return new StoreFailure(
    `PostgreSQL store ${location}: ${reason ?? message}${code === undefined ? '' : ` (${code})`}`,
    { cause: error },
  );
}

/** `postgres://user@host:port/database`, without the password, for messages and the start line. */
export function describeConnection(connectionString: string | undefined, schema: string): string {
  if (connectionString === undefined) return `PostgreSQL pool (schema ${schema})`;
  try {
    const url = new URL(connectionString);
    url.password = '';
    url.search = '';
    return `${url.toString()} (schema ${schema})`;
  } catch {
    return `PostgreSQL (schema ${schema})`;
  }
}
