import { describe, expect, it } from 'vitest';
import { createAwsFunctions, hash, parse, partition, range, seededRandom } from './aws-functions.js';
import { JsonataFunctionError } from './jsonata-runtime.js';

describe('Step Functions JSONata functions', () => {
  it('$partition splits into chunks, the last one shorter', () => {
    expect(partition([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(partition([], 3)).toEqual([]);
    expect(() => partition('x', 1)).toThrow(JsonataFunctionError);
    expect(() => partition([1], -1)).toThrow(/positive integer/);
  });

  it('$range counts up or down, inclusive, up to 1000 elements', () => {
    expect(range(0, 10, 2)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(range(5, 1, -2)).toEqual([5, 3, 1]);
    expect(range(1, 0, 1)).toEqual([]);
    expect(range(1, 1000, 1)).toHaveLength(1000);
    expect(() => range(1, 1001, 1)).toThrow(/maximum of 1000/);
    expect(() => range(1.5, 2, 1)).toThrow(/must be an integer/);
  });

  it('$hash digests with the five algorithms AWS names', () => {
    expect(hash('input data', 'SHA-1')).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    for (const [algorithm, length] of [
      ['MD5', 32],
      ['SHA-256', 64],
      ['SHA-384', 96],
      ['SHA-512', 128],
    ] as const)
      expect(hash('a', algorithm)).toHaveLength(length);
    expect(() => hash('a', 'sha1')).toThrow(/must be one of/);
    expect(() => hash(1, 'MD5')).toThrow(/must be a string/);
  });

  it('$parse reads JSON text and refuses anything else', () => {
    expect(parse('{"a":[1,"b",null]}')).toEqual({ a: [1, 'b', null] });
    expect(parse('-0')).toBe(-0);
    expect(() => parse('{')).toThrow(/could not parse/);
    expect(() => parse(3)).toThrow(/must be a string/);
  });

  it('$random with a seed depends on the seed alone; without one it draws from the injected randomness', () => {
    expect(seededRandom(42)).toBe(seededRandom(42));
    expect(seededRandom(42)).not.toBe(seededRandom(43));
    for (const seed of [0, 1, -5, 123456789]) expect(seededRandom(seed)).toBeGreaterThanOrEqual(0);
    const functions = createAwsFunctions({ random: () => 0.125, uuid: () => 'the-uuid' });
    expect(functions['random']?.([])).toBe(0.125);
    expect(functions['random']?.([42])).toBe(seededRandom(42));
    expect(functions['uuid']?.([])).toBe('the-uuid');
  });
});
