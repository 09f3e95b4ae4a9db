import { describe, expect, it } from 'vitest';
import {
  chainHashes,
  GENESIS_HASH,
  hashEvent,
  NO_FACTS,
  type HistoryEvent,
  type RecordedEvent,
} from '../history/index.js';
import type { StoredEvent } from '../store/index.js';
import { verifyChain } from './verify-chain.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e1';
const at = '2024-01-01T00:00:00.000Z';

const plainEvents: HistoryEvent[] = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: at,
    type: 'ExecutionStarted',
    executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'r' },
  },
  {
    id: 2,
    previousEventId: 0,
    timestamp: at,
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'P', input: '{}', inputDetails: { truncated: false } },
  },
  {
    id: 3,
    previousEventId: 2,
    timestamp: at,
    type: 'PassStateExited',
    stateExitedEventDetails: { name: 'P', output: '{"a":1}', outputDetails: { truncated: false } },
  },
  {
    id: 4,
    previousEventId: 3,
    timestamp: at,
    type: 'ExecutionSucceeded',
    executionSucceededEventDetails: { output: '{"a":1}', outputDetails: { truncated: false } },
  },
];

// Event 3 records two values drawn: the chain covers the facts too.
const events: RecordedEvent[] = plainEvents.map((event) => ({
  event,
  facts: event.id === 3 ? { draws: [0.5, '2a1b6a43-6c2e-4e3a-9a7e-1c1e4f1d9b10'] } : NO_FACTS,
}));

const stored = (list: readonly RecordedEvent[] = events): StoredEvent[] => {
  const hashes = chainHashes(ARN, list);
  return list.map(({ event, facts }, index) => ({ event, facts, hash: hashes[index] ?? '' }));
};

describe('the audit hash chain', () => {
  it('chains each event over the previous hash and the execution', () => {
    const [first] = events;
    if (first === undefined) throw new Error('no events');
    const hash = hashEvent(GENESIS_HASH, ARN, first);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent(GENESIS_HASH, `${ARN}x`, first)).not.toBe(hash);
    expect(chainHashes(ARN, events)[0]).toBe(hash);
  });

  it('does not depend on the order of an event object keys', () => {
    const [first] = events;
    if (first === undefined) throw new Error('no events');
    const reordered = Object.fromEntries(Object.entries(first.event).reverse()) as unknown as HistoryEvent;
    expect(hashEvent(GENESIS_HASH, ARN, { event: reordered, facts: first.facts })).toBe(
      hashEvent(GENESIS_HASH, ARN, first),
    );
  });

  it('verifies an untouched history up to its head', () => {
    const chain = stored();
    expect(verifyChain(ARN, chain, 4)).toEqual({ executionArn: ARN, eventCount: 4, headHash: chain[3]?.hash });
  });

  it('names an event whose content changed as altered', () => {
    const chain = stored();
    const third = chain[2];
    if (third === undefined) throw new Error('no event 3');
    chain[2] = { ...third, event: { ...third.event, timestamp: '2024-01-01T00:00:00.001Z' } };
    expect(verifyChain(ARN, chain, 4).problem).toMatchObject({ kind: 'altered', eventId: 3 });
  });

  it('names an event whose facts changed as altered', () => {
    const chain = stored();
    const third = chain[2];
    if (third === undefined) throw new Error('no event 3');
    chain[2] = { ...third, facts: { draws: [0.25, '2a1b6a43-6c2e-4e3a-9a7e-1c1e4f1d9b10'] } };
    expect(verifyChain(ARN, chain, 4).problem).toMatchObject({ kind: 'altered', eventId: 3 });
  });

  it('names an event whose stored hash changed as altered', () => {
    const chain = stored();
    const second = chain[1];
    if (second === undefined) throw new Error('no event 2');
    chain[1] = { ...second, hash: GENESIS_HASH };
    const result = verifyChain(ARN, chain, 4);
    expect(result.problem).toMatchObject({ kind: 'altered', eventId: 2 });
    expect(result.eventCount).toBe(1);
  });

  it('names the first missing id as removed', () => {
    const chain = stored();
    chain.splice(1, 1);
    expect(verifyChain(ARN, chain, 4).problem).toMatchObject({ kind: 'removed', eventId: 2 });
  });

  it('names a removed last event from the execution record', () => {
    expect(verifyChain(ARN, stored().slice(0, 3), 4).problem).toMatchObject({ kind: 'removed', eventId: 4 });
  });

  it('names an event past the execution record as inserted', () => {
    const third = plainEvents[2];
    if (third === undefined) throw new Error('no event 3');
    const extra: RecordedEvent = { event: { ...third, id: 5, previousEventId: 4 }, facts: NO_FACTS };
    expect(verifyChain(ARN, stored([...events, extra]), 4).problem).toMatchObject({ kind: 'inserted', eventId: 5 });
  });

  it('names a repeated id as inserted', () => {
    const chain = stored();
    const second = chain[1];
    if (second === undefined) throw new Error('no event 2');
    chain.splice(2, 0, second);
    expect(verifyChain(ARN, chain).problem).toMatchObject({ kind: 'inserted', eventId: 2 });
  });

  it('reports an event stored without a hash', () => {
    const chain: StoredEvent[] = stored().map(({ event, facts }) => ({ event, facts }));
    expect(verifyChain(ARN, chain).problem).toMatchObject({ kind: 'unhashed', eventId: 1 });
  });
});
