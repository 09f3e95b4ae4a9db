import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { evaluateIntrinsic } from './evaluate-intrinsic.js';

const dataContext: DataContext = { context: {}, variables: {}, random: () => 0, uuid: () => 'u' };
const run = (expression: string, input: JsonValue = {}): JsonValue => evaluateIntrinsic(expression, input, dataContext);

function errorOf(expression: string, input: JsonValue = {}): string {
  try {
    run(expression, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error.error;
    throw error;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('States.Base64Encode and States.Base64Decode', () => {
  it('encode and decode the AWS documentation example', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
  });

  it('fail for input longer than 10000 characters, a non-string or invalid base64', () => {
    expect(errorOf('States.Base64Encode($.s)', { s: 'x'.repeat(10001) })).toBe('States.IntrinsicFailure');
    expect(run('States.Base64Encode($.s)', { s: 'x'.repeat(10000) })).toHaveLength(13336);
    expect(errorOf('States.Base64Encode(1)')).toBe('States.IntrinsicFailure');
    expect(errorOf("States.Base64Decode('not base64!')")).toBe('States.IntrinsicFailure');
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 200 })])('decode(encode(s)) is s', (text) => {
    expect(run(`States.Base64Decode(States.Base64Encode($.s))`, { s: text })).toBe(text);
  });
});

describe('States.Hash', () => {
  it('computes every documented algorithm as lowercase hex', () => {
    const input = { Data: 'input data' };
    expect(run("States.Hash($.Data, 'SHA-1')", input)).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run("States.Hash($.Data, 'MD5')", input)).toMatch(/^[0-9a-f]{32}$/);
    expect(run("States.Hash($.Data, 'SHA-256')", input)).toMatch(/^[0-9a-f]{64}$/);
    expect(run("States.Hash($.Data, 'SHA-384')", input)).toMatch(/^[0-9a-f]{96}$/);
    expect(run("States.Hash($.Data, 'SHA-512')", input)).toMatch(/^[0-9a-f]{128}$/);
  });

  it('fails for an unknown algorithm or data longer than 10000 characters', () => {
    expect(errorOf("States.Hash('a', 'SHA-999')")).toBe('States.IntrinsicFailure');
    expect(errorOf("States.Hash($.s, 'MD5')", { s: 'x'.repeat(10001) })).toBe('States.IntrinsicFailure');
  });
});
