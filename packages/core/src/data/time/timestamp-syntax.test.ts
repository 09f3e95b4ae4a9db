import { describe, expect, it } from 'vitest';
import { isTimestamp, parseTimestamp } from './timestamp.js';

describe('isTimestamp', () => {
  it.each([
    '2016-03-14T01:59:00Z',
    '2016-03-14T01:59:00.123Z',
    '2016-03-14T01:59:00+02:00',
    '2024-02-29T23:59:59-11:30',
  ])('accepts %s', (text) => {
    expect(isTimestamp(text)).toBe(true);
  });

  it.each([
    '2016-12-05 21:29:29Z',
    '2016-03-14T01:59:00',
    '2016-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2016-03-14T24:00:00Z',
    '2016-03-14T01:60:00Z',
    '2016-03-14',
    'now',
    '2016-03-14T01:59:00+2:00',
  ])('refuses %s', (text) => {
    expect(isTimestamp(text)).toBe(false);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
    ['0000-02-29T12:00:00+01:00', '0000-02-29T11:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
    ['2024-02-29T23:59:59-11:30', '2024-03-01T11:29:59.000Z'],
  ])('reads %s as the instant %s, the first centuries included', (text, instant) => {
    const parsed = parseTimestamp(text);
    expect(parsed).toBeDefined();
    expect(new Date((parsed?.epochSeconds ?? 0) * 1000).toISOString()).toBe(instant);
  });

  it('refuses 29 February of a year that is not a leap year, in the first century too', () => {
    expect(parseTimestamp('0100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('0004-02-29T00:00:00Z')).toBeDefined();
  });
});
