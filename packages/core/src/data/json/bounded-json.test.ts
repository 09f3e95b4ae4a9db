import { describe, expect, it } from 'vitest';
import { jsonBoundsProblem, jsonNestsDeeperThan, MAX_JSON_DEPTH, parseBoundedJson } from './bounded-json.js';

describe('parseBoundedJson', () => {
  it('parses JSON nested exactly to the bound, and refuses one level more', () => {
    const atBound = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseBoundedJson(atBound).ok).toBe(true);
    expect(parseBoundedJson(`[${atBound}]`)).toEqual({
      ok: false,
      reason: 'bounds',
      problem: `The JSON nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
    });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(5000)}`, t: '{'.repeat(5000) });
    expect(parseBoundedJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('reports a syntax error before any bound', () => {
    expect(parseBoundedJson('{"a":')).toMatchObject({ ok: false, reason: 'syntax' });
  });

  it('refuses a number no double holds, in any spelling, and keeps the largest that fit', () => {
    for (const number of ['1e400', '-1E+400', '2e308', '9'.repeat(400), `${'1'.repeat(320)}.5`]) {
      expect(jsonBoundsProblem(`{"n":[${number}]}`)).toBe(
        `The number ${number} is out of range: a JSON number must lie within ±1.7976931348623157e308`,
      );
    }
    for (const number of ['1.7976931348623157e308', '-1e-400', '0e999', '9'.repeat(300), '1e-5']) {
      expect(jsonBoundsProblem(`[${number}]`)).toBeUndefined();
    }
  });

  it('checks depth without recursing, however deep the text', () => {
    expect(jsonNestsDeeperThan('{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000))).toBe(true);
    expect(jsonNestsDeeperThan('[[1]]', 1)).toBe(true);
    expect(jsonNestsDeeperThan('[[1],[2]]', 2)).toBe(false);
  });
});
