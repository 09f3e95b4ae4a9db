import { describe, expect, it } from 'vitest';
import { InvalidName } from '../errors/index.js';
import { assertValidName, isValidName } from './names.js';

describe('resource names', () => {
  it.each(['a', 'my-state_machine.v2', 'Ünïcödé', '名前', 'a'.repeat(80), '(parens)', "it's", '@+=!'])(
    'accepts %j',
    (name) => {
      expect(isValidName(name)).toBe(true);
    },
  );

  it.each([
    'a b',
    'tab\there',
    'new\nline',
    '\u00a0nbsp',
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    '?',
    '*',
    '"',
    '#',
    '%',
    '\\',
    '^',
    '|',
    '~',
    '`',
    '$',
    '&',
    ',',
    ';',
    ':',
    '/',
    '\u0000',
    '\u001f',
    '\u007f',
    '\u0085',
    '\u009f',
    '\ufffe',
    '\uffff',
    '\ud800',
  ])('rejects %j with InvalidName', (bad) => {
    const name = `x${bad}y`;
    expect(isValidName(name)).toBe(false);
    expect(() => assertValidName(name)).toThrow(new InvalidName(name, `Invalid Name: '${name}'`));
  });
});
