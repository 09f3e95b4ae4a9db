import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, hashEvent } from './event-hash.js';
import type { HistoryEvent } from './events.js';
import { NO_FACTS, type RecordedEvent } from './recorded-event.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:intrinsics:e1';

// Event 8 of an execution stored before the event and its facts were split, with the facts
// inside it as `statefold`, and the hashes that version wrote for it and for event 7.
const previousHash = 'b94c9dcb96a281686734a68705c463cacf598b6e782142adf710ed37607823db';
const hashWrittenBefore = '6efc550d581de8eaa3ce91720aa503a8b78fa678b400ad676dfca91e8858e636';
const waitEntered: RecordedEvent = {
  event: {
    id: 8,
    previousEventId: 5,
    timestamp: '2024-01-01T00:00:00.000Z',
    type: 'WaitStateEntered',
    stateEnteredEventDetails: {
      name: 'W',
      input: '{"r":479,"u":"92e11c8a-b4d9-43bd-9754-b14adc2ee1ef"}',
      inputDetails: { truncated: false },
    },
  },
  facts: { thread: '/5.1', dueAt: '2024-01-01T00:00:03.000Z' },
};

/** The v1 encoding, written out: the event's members with the facts as a `statefold` member. */
function v1Hash(previous: string, { event, facts }: RecordedEvent): string {
  const encoded = Object.keys(facts).length === 0 ? event : { ...event, statefold: facts };
  return createHash('sha256')
    .update(`statefold-event-v1\n${ARN}\n${previous}\n${canonicalJson(encoded)}`)
    .digest('hex');
}

describe('hashEvent', () => {
  it('gives the hash that the version keeping facts inside the event wrote', () => {
    expect(hashEvent(previousHash, ARN, waitEntered)).toBe(hashWrittenBefore);
  });

  it('encodes an event with facts as its members and the facts under `statefold`', () => {
    expect(hashEvent(previousHash, ARN, waitEntered)).toBe(v1Hash(previousHash, waitEntered));
    const drawn: RecordedEvent = {
      ...waitEntered,
      facts: { draws: [0.1 + 0.2, 'b1e2c3d4-0000-4000-8000-000000000001'] },
    };
    expect(hashEvent(GENESIS_HASH, ARN, drawn)).toBe(v1Hash(GENESIS_HASH, drawn));
  });

  it('encodes an event without facts as its members alone', () => {
    const plain: RecordedEvent = { event: waitEntered.event, facts: NO_FACTS };
    expect(hashEvent(GENESIS_HASH, ARN, plain)).toBe(v1Hash(GENESIS_HASH, plain));
    expect(hashEvent(GENESIS_HASH, ARN, { event: plain.event, facts: {} })).toBe(hashEvent(GENESIS_HASH, ARN, plain));
  });

  it('changes when the facts change', () => {
    const moved: RecordedEvent = { ...waitEntered, facts: { ...waitEntered.facts, dueAt: '2024-01-01T00:00:04.000Z' } };
    expect(hashEvent(previousHash, ARN, moved)).not.toBe(hashWrittenBefore);
  });

  it('does not depend on the order of the event and facts members', () => {
    const event = Object.fromEntries(Object.entries(waitEntered.event).reverse()) as unknown as HistoryEvent;
    const facts = { dueAt: '2024-01-01T00:00:03.000Z', thread: '/5.1' };
    expect(hashEvent(previousHash, ARN, { event, facts })).toBe(hashWrittenBefore);
  });
});
