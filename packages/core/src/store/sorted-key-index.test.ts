import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ascending, descending, SortedKeyIndex, type KeyOrder, type SortKey } from './sorted-key-index.js';

const key = fc.tuple(
  fc.constantFrom('2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'),
  fc.constantFrom('a', 'b', 'c', 'd', 'e'),
);
const operation = fc.record({ insert: fc.boolean(), key });

function pageThrough(index: SortedKeyIndex, limit: number): SortKey[] {
  const listed: SortKey[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    // A cursor that does not move on would page forever: fail instead.
    if ((pages += 1) > 100) throw new Error('paging does not end');
    const page = index.page({ limit, ...(cursor !== undefined ? { cursor } : {}) }, (k) => k);
    listed.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return listed;
}

describe('SortedKeyIndex', () => {
  for (const [name, order] of [
    ['ascending', ascending],
    ['descending', descending],
  ] as const satisfies readonly (readonly [string, KeyOrder])[]) {
    test.prop([fc.array(operation, { maxLength: 40 }), fc.integer({ min: 1, max: 7 })])(
      `lists every present key once, in ${name} order, across pages of any size`,
      (operations, limit) => {
        const index = new SortedKeyIndex(order);
        const present = new Map<string, SortKey>();
        for (const { insert, key: k } of operations) {
          if (insert) {
            index.insert(k);
            present.set(k.join('|'), k);
          } else {
            index.remove(k);
            present.delete(k.join('|'));
          }
        }
        expect(pageThrough(index, limit)).toEqual([...present.values()].sort(order));
      },
    );
  }

  it('starts a page after a cursor key that has since been removed', () => {
    const index = new SortedKeyIndex(descending);
    for (const k of ['a', 'b', 'c', 'd'] as const) index.insert(['2024', k]);
    const first = index.page({ limit: 2 }, (k) => k[1]);
    expect(first.items).toEqual(['d', 'c']);
    index.remove(['2024', 'c']);
    const cursor = first.cursor;
    expect(cursor).toBeDefined();
    if (cursor !== undefined) expect(index.page({ limit: 2, cursor }, (k) => k[1]).items).toEqual(['b', 'a']);
  });
});
