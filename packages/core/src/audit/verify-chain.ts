import { GENESIS_HASH, hashEvent, type HistoryEvent } from '../history/index.js';
import type { StoredEvent } from '../store/index.js';

/** The first thing wrong with an execution's hash chain. */
export type ChainProblem =
  /** The event's content (or its stored hash) no longer matches the chain. */
  | { readonly kind: 'altered'; readonly eventId: number; readonly message: string }
  /** An event that the chain does not account for: a repeated id, or one past the execution's last event. */
  | { readonly kind: 'inserted'; readonly eventId: number; readonly message: string }
  /** An event missing from the chain: a gap in the ids, or fewer events than the execution records. */
  | { readonly kind: 'removed'; readonly eventId: number; readonly message: string }
  /** A stored event without a hash: nothing to check it against. */
  | { readonly kind: 'unhashed'; readonly eventId: number; readonly message: string };

/** What `verifyChain` found for one execution. */
export interface ChainVerification {
  readonly executionArn: string;
  /** Events checked (all of them when the chain holds). */
  readonly eventCount: number;
  /** The last good hash: the head of the chain when `problem` is absent. */
  readonly headHash: string;
  readonly problem?: ChainProblem;
}

/**
 * Recomputes an execution's hash chain from its stored events (in id order) and names the first
 * event that was altered, inserted or removed. `lastEventId` is the execution's own record of its
 * last event (its summary row), which catches events removed from, or added to, the end. Pure.
 */
export function verifyChain(
  executionArn: string,
  stored: readonly StoredEvent[],
  lastEventId?: number,
): ChainVerification {
  let previous = GENESIS_HASH;
  let checked = 0;
  const fail = (problem: ChainProblem): ChainVerification => ({
    executionArn,
    eventCount: checked,
    headHash: previous,
    problem,
  });
  for (const [index, recorded] of stored.entries()) {
    const { event, hash } = recorded;
    const expectedId = index + 1;
    if (event.id > expectedId) {
      return fail({
        kind: 'removed',
        eventId: expectedId,
        message: `event ${expectedId} is missing: the chain goes from event ${expectedId - 1} to event ${event.id}`,
      });
    }
    if (event.id < expectedId) {
      return fail({
        kind: 'inserted',
        eventId: event.id,
        message: `event ${event.id} appears twice: ${describe(event)} was inserted after event ${expectedId - 1}`,
      });
    }
    if (lastEventId !== undefined && event.id > lastEventId) {
      return fail({
        kind: 'inserted',
        eventId: event.id,
        message: `event ${event.id} (${describe(event)}) was inserted: the execution ends at event ${lastEventId}`,
      });
    }
    if (hash === undefined) {
      return fail({
        kind: 'unhashed',
        eventId: event.id,
        message: `event ${event.id} (${describe(event)}) has no hash to check`,
      });
    }
    const expected = hashEvent(previous, executionArn, recorded);
    if (expected !== hash) {
      return fail({
        kind: 'altered',
        eventId: event.id,
        message: `event ${event.id} (${describe(event)}) was altered: its hash does not match the chain`,
      });
    }
    previous = hash;
    checked++;
  }
  if (lastEventId !== undefined && checked < lastEventId) {
    const missing = checked + 1;
    return fail({
      kind: 'removed',
      eventId: missing,
      message: `event ${missing} is missing: the execution records ${lastEventId} events, ${checked} are stored`,
    });
  }
  return { executionArn, eventCount: checked, headHash: previous };
}

function describe(event: HistoryEvent): string {
  return typeof event.type === 'string' ? event.type : 'an event of no type';
}
