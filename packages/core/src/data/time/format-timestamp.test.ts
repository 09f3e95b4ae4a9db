import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampFormatter } from './format-timestamp.js';

describe('TimestampFormatter', () => {
  it('writes what toISOString writes, for any instant Date can hold', () => {
    const formatter = new TimestampFormatter();
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it('writes what toISOString writes around day, year and four-digit-year boundaries', () => {
    const formatter = new TimestampFormatter();
    const edges = [
      0, -1, 1, 86_399_999, 86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999,
      253_402_300_800_000, 951_782_400_000, 1_709_164_800_000,
    ];
    for (const ms of edges) {
      // Twice: the second call answers from the remembered instant.
      expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
      expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('truncates a fractional instant as Date does', () => {
    const formatter = new TimestampFormatter();
    expect(formatter.format(1.9)).toBe(new Date(1.9).toISOString());
    expect(formatter.format(-1.5)).toBe(new Date(-1.5).toISOString());
  });

  it('refuses an instant Date cannot hold, as toISOString does', () => {
    const formatter = new TimestampFormatter();
    expect(() => formatter.format(8.64e15 + 1)).toThrow(RangeError);
    expect(() => formatter.format(Number.NaN)).toThrow(RangeError);
  });
});
