import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonWith } from './canonical-json.js';
import { hasFacts, type RecordedEvent } from './recorded-event.js';

/**
 * The SHA-256 (hex) of a state machine definition's text, as an execution's ExecutionStarted facts
 * record it; anyone can recompute it (`sha256sum`). Pure.
 */
export function definitionSha256(definition: string): string {
  return createHash('sha256').update(definition, 'utf8').digest('hex');
}

/** The hash the first event of every execution chains to. */
export const GENESIS_HASH = '0'.repeat(64);

// Versioned, so that a later encoding can live beside this one.
const DOMAIN = 'statefold-event-v1';

/**
 * The audit hash of one recorded event: SHA-256 (hex) over the previous event's hash, the
 * execution's ARN and the canonical JSON of the event and its facts. Chaining over the previous
 * hash makes any change to an earlier event change every later hash; the ARN binds the chain to
 * its execution. Pure.
 *
 * The encoding is still v1's, from when the facts lived inside the event: the event's members,
 * with the facts (when there are any) as one more member named `statefold`. Keeping it lets the
 * hashes stored before the event and its facts were split verify as they are: rewriting them when
 * a store migrates would bless whatever edit had been made to the file before.
 */
export function hashEvent(previousHash: string, executionArn: string, recorded: RecordedEvent): string {
  const { event, facts } = recorded;
  const encoded = hasFacts(facts)
    ? // The event's members are AWS's, none of them named `statefold`.
      canonicalJsonWith(event as unknown as Readonly<Record<string, unknown>>, 'statefold', facts)
    : canonicalJson(event);
  return createHash('sha256').update(`${DOMAIN}\n${executionArn}\n${previousHash}\n`).update(encoded).digest('hex');
}

/** The hashes of `events` appended after an event whose hash is `previousHash` (the genesis hash for the first events). Pure. */
export function chainHashes(
  executionArn: string,
  events: readonly RecordedEvent[],
  previousHash: string = GENESIS_HASH,
): string[] {
  const hashes: string[] = [];
  let previous = previousHash;
  for (const recorded of events) {
    previous = hashEvent(previous, executionArn, recorded);
    hashes.push(previous);
  }
  return hashes;
}
