/** What a task token names: the execution, and the event that scheduled the task. */
export interface TaskTokenClaims {
  readonly executionArn: string;
  readonly scheduledEventId: number;
}

/**
 * Builds a task token. It carries the execution ARN and the scheduling event id (so any engine
 * sharing the store can route SendTaskSuccess without an index) plus a random nonce (so a token
 * cannot be guessed from the history's shape). Pure: the nonce is passed in.
 */
export function createTaskToken(claims: TaskTokenClaims, nonce: string): string {
  const payload = JSON.stringify([claims.executionArn, claims.scheduledEventId, nonce]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

/** Reads a task token's claims; undefined for anything that is not a token statefold issued. */
export function readTaskToken(token: string): TaskTokenClaims | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // Not JSON inside: not one of ours, which the caller reports as InvalidToken.
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
  const [executionArn, scheduledEventId, nonce] = decoded as unknown[];
  if (typeof executionArn !== 'string' || typeof nonce !== 'string') return undefined;
  if (typeof scheduledEventId !== 'number' || !Number.isInteger(scheduledEventId) || scheduledEventId < 1)
    return undefined;
  return { executionArn, scheduledEventId };
}
