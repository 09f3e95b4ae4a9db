import { createHash } from 'node:crypto';
import type { HistoryEvent } from './events.js';
import { canonicalJson } from './canonical-json.js';

/** The hash the first event of every execution chains to. */
export const GENESIS_HASH = '0'.repeat(64);

// Versioned, so that a later encoding can live beside this one.
const DOMAIN = 'statefold-event-v1';

/**
 * The audit hash of one stored event: SHA-256 (hex) over the previous event's hash, the
 * execution's ARN and the event's canonical JSON (every member, statefold's facts included).
 * Chaining over the previous hash makes any change to an earlier event change every later hash;
 * the ARN binds the chain to its execution. Pure.
 */
export function hashEvent(previousHash: string, executionArn: string, event: HistoryEvent): string {
  return createHash('sha256')
    .update(`${DOMAIN}\n${executionArn}\n${previousHash}\n`)
    .update(canonicalJson(event))
    .digest('hex');
}

/** The hashes of `events` appended after an event whose hash is `previousHash` (the genesis hash for the first events). Pure. */
export function chainHashes(
  executionArn: string,
  events: readonly HistoryEvent[],
  previousHash: string = GENESIS_HASH,
): string[] {
  const hashes: string[] = [];
  let previous = previousHash;
  for (const event of events) {
    previous = hashEvent(previous, executionArn, event);
    hashes.push(previous);
  }
  return hashes;
}
