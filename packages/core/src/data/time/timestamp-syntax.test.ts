import { describe, expect, it } from 'vitest';
import { isTimestamp } from './timestamp.js';

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
