import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonWith } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('leaves out undefined members as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cyclic');
  });

  test.prop([fc.jsonValue()])('parses back to a value equal to the original', (value) => {
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([fc.dictionary(fc.string(), fc.integer())])(
    'does not depend on the order keys were written in',
    (object) => {
      const reversed = Object.fromEntries(Object.entries(object).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(object));
    },
  );

  test.prop([fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.jsonValue()])(
    'writes an object with one more member as the object with that member would be written',
    (object, key, member) => {
      expect(canonicalJsonWith(object, key, member)).toBe(canonicalJson({ ...object, [key]: member }));
    },
  );
});
