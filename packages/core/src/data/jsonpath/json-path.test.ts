import { describe, expect, it } from 'vitest';
import { JsonPathSyntaxError, isJsonPath, isReferencePath, normalizeJsonPath, parseJsonPath } from './json-path.js';
import { queryJsonPath } from './query-json-path.js';
import type { JsonValue } from '../json/json.js';

const query = (path: string, json: JsonValue): JsonValue[] => queryJsonPath(parseJsonPath(path), json);

describe('parseJsonPath', () => {
  it('tells the input, context and variable roots apart', () => {
    expect(parseJsonPath('$.a').root).toEqual({ kind: 'input' });
    expect(parseJsonPath('$$.Execution.Id').root).toEqual({ kind: 'context' });
    expect(parseJsonPath('$myVar.x').root).toEqual({ kind: 'variable', name: 'myVar' });
  });

  it('marks names and indices definite, and wildcards, slices, filters and scans indefinite', () => {
    expect(parseJsonPath("$.a['b'][0]").definite).toBe(true);
    for (const path of ['$.a[*]', '$.a[1:]', '$.a[?(@.x > 1)]', '$..x', '$.a[0,1]', '$.*'])
      expect(parseJsonPath(path).definite).toBe(false);
  });

  it('keeps dashes in dot names and wants bracket notation for blanks, as AWS (Jayway) does', () => {
    expect(parseJsonPath("$.my-key['a b']").segments).toEqual([
      { kind: 'property', name: 'my-key' },
      { kind: 'property', name: 'a b' },
    ]);
    expect(() => parseJsonPath('$.my-key.a b')).toThrow(JsonPathSyntaxError);
  });

  it('keeps a backslash and the character it escapes in a quoted name, as AWS selects such fields', () => {
    expect(parseJsonPath(`$['Test\\""Name"']`).segments).toEqual([{ kind: 'property', name: 'Test\\""Name"' }]);
    expect(parseJsonPath(`$["a\\"b", 'c\\'d']`).segments).toEqual([{ kind: 'union', members: ['a\\"b', "c\\'d"] }]);
    expect(query(`$['Test\\""Name"']`, { 'Test\\""Name"': 'Value"\\' })).toEqual(['Value"\\']);
  });

  it('reads a trailing function call and refuses one in the middle or an unknown one', () => {
    expect(parseJsonPath('$.items.length()')).toMatchObject({
      segments: [
        { kind: 'property', name: 'items' },
        { kind: 'function', name: 'length' },
      ],
      definite: true,
    });
    expect(() => parseJsonPath('$.length().x')).toThrow(JsonPathSyntaxError);
    expect(() => parseJsonPath('$.a()b')).toThrow(JsonPathSyntaxError);
    expect(() => parseJsonPath('$.a.nope()')).toThrow(JsonPathSyntaxError);
  });

  it('refuses an empty filter', () => {
    expect(() => parseJsonPath('$.a[?()]')).toThrow(JsonPathSyntaxError);
  });

  it('rejects text that is not a path', () => {
    expect(() => parseJsonPath('a.b')).toThrow(JsonPathSyntaxError);
    expect(() => parseJsonPath('$.a[')).toThrow(JsonPathSyntaxError);
    expect(() => parseJsonPath('$.')).toThrow(JsonPathSyntaxError);
    expect(isJsonPath('$.a[x]')).toBe(false);
    expect(isJsonPath('$.a[?(@.b == 1)]')).toBe(true);
  });

  it('recognises reference paths', () => {
    expect(isReferencePath(parseJsonPath('$.a.b[2]'))).toBe(true);
    expect(isReferencePath(parseJsonPath('$.a[*]'))).toBe(false);
    expect(isReferencePath(parseJsonPath('$$.Execution'))).toBe(false);
  });

  it("normalises a path the way AWS prints it in 'No results for path' causes", () => {
    expect(normalizeJsonPath(parseJsonPath('$.a.b[0]'))).toBe("$['a']['b'][0]");
    expect(normalizeJsonPath(parseJsonPath('$'))).toBe('$');
  });
});

describe('queryJsonPath', () => {
  const input: JsonValue = {
    a: { b: 1 },
    items: [{ x: 1, n: 'one' }, { x: 2, n: 'two' }, { x: 3 }],
    'odd key': true,
  };

  it('reads names, bracket names, indices and negative indices', () => {
    expect(query('$.a.b', input)).toEqual([1]);
    expect(query("$['odd key']", input)).toEqual([true]);
    expect(query('$.items[1].x', input)).toEqual([2]);
    expect(query('$.items[-1].x', input)).toEqual([3]);
  });

  it('reads wildcards, slices, unions and recursive descent', () => {
    expect(query('$.items[*].x', input)).toEqual([1, 2, 3]);
    expect(query('$.items[1:].x', input)).toEqual([2, 3]);
    expect(query('$.items[:1].x', input)).toEqual([1]);
    expect(query('$.items[0,2].x', input)).toEqual([1, 3]);
    expect(query('$..x', input)).toEqual([1, 2, 3]);
  });

  it('filters array items with comparison expressions', () => {
    expect(query('$.items[?(@.x > 1)].x', input)).toEqual([2, 3]);
    expect(query("$.items[?(@.n == 'one')].x", input)).toEqual([1]);
  });

  it('finds nothing for missing names, out-of-range indices and JavaScript-only properties', () => {
    expect(query('$.nope', input)).toEqual([]);
    expect(query('$.items[9]', input)).toEqual([]);
    expect(query('$.items.length', input)).toEqual([]);
    expect(query('$.a.b.c', input)).toEqual([]);
  });

  it('returns the root itself for $', () => {
    expect(query('$', null)).toEqual([null]);
    expect(query('$', 'text')).toEqual(['text']);
  });
});
