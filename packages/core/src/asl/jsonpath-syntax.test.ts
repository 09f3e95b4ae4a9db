import { describe, expect, it } from 'vitest';
import { isValidPath, isValidReferencePath } from './jsonpath-syntax.js';

describe('isValidPath', () => {
  it.each([
    '$',
    '$.a',
    '$.a.b',
    "$['a b']",
    '$["a"]',
    "$['a','b']",
    '$.a[0]',
    '$.a[-1]',
    '$.a[0,2]',
    '$.a[1:3]',
    '$.a[:2]',
    '$.a[1:]',
    '$.a[*]',
    '$.*',
    '$..name',
    '$..[0]',
    '$.a[?(@.price < 10)]',
    "$.a[?(@.s == ')')]",
    '$.items.length()',
    '$$',
    '$$.Execution.Input',
    '$$.Map.Item.Value',
    '$myVar',
    '$my_var.field[0]',
    '$.a-b',
    '$[0]',
    '$.a..b',
  ])('accepts %s', (path) => {
    expect(isValidPath(path)).toBe(true);
  });

  it.each([
    '',
    'a',
    '$.',
    '$..',
    '$.a.',
    '$[',
    '$[]',
    '$.a[',
    "$['a]",
    '$.a[?()]',
    '$.a[?(@.x]',
    '$.a b',
    '$.a()b',
    '$.length().x',
    '$[a]',
    '$.a[1:2:3:4]',
    '$ .a',
    '.a',
    '$1',
  ])('refuses %s', (path) => {
    expect(isValidPath(path)).toBe(false);
  });

  it('refuses context and variable roots where they are not allowed', () => {
    const inputOnly = { context: false, variables: false };
    expect(isValidPath('$$.Execution.Id', inputOnly)).toBe(false);
    expect(isValidPath('$var.x', inputOnly)).toBe(false);
    expect(isValidPath('$.x', inputOnly)).toBe(true);
  });
});

describe('isValidReferencePath', () => {
  it.each(['$', '$.a', '$.a.b', "$['a']", '$.a[0]', "$.a['b c'][3]"])('accepts %s', (path) => {
    expect(isValidReferencePath(path)).toBe(true);
  });

  it.each([
    '$.a[*]',
    '$..a',
    '$.a[?(@.x)]',
    '$.a[1:2]',
    '$.a[0,1]',
    '$.*',
    '$.a[-1]',
    "$['a','b']",
    '$$.Execution',
    '$var',
    '$.a.length()',
    'a',
  ])('refuses %s, which does not name a single node', (path) => {
    expect(isValidReferencePath(path)).toBe(false);
  });
});
