import { describe, expect, it } from 'vitest';
import { parseJsonPath } from './json-path.js';
import { queryJsonPath } from './query-json-path.js';

const query = (path: string, root: unknown) => queryJsonPath(parseJsonPath(path), root as never);

describe('queryJsonPath path functions', () => {
  const input = { items: [3, 1, 2], name: 'abc', map: { a: 1, b: 2 }, people: [{ age: 30 }, { age: 40 }] };

  it.each([
    ['$.items.length()', 3],
    ['$.name.length()', 3],
    ['$.map.size()', 2],
    ['$.items.min()', 1],
    ['$.items.max()', 3],
    ['$.items.sum()', 6],
    ['$.items.avg()', 2],
    ['$.map.keys()', ['a', 'b']],
    ['$.items.first()', 3],
    ['$.items.last()', 2],
    ['$.people[*].age.sum()', 70],
  ])('%s selects %j', (path, expected) => {
    expect(query(path, input)).toEqual([expected]);
  });

  it('selects nothing when the function does not apply', () => {
    expect(query('$.name.sum()', input)).toEqual([]);
    expect(query('$.missing.length()', input)).toEqual([]);
  });
});
