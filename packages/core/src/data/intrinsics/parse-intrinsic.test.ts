import { describe, expect, it } from 'vitest';
import { IntrinsicSyntaxError, looksLikeIntrinsic, parseIntrinsic } from './parse-intrinsic.js';

describe('parseIntrinsic', () => {
  it('parses literals of every kind and path arguments', () => {
    expect(parseIntrinsic("States.Array('a', 1, -2.5, true, false, null, $.x, $$.Execution.Id, $var)")).toEqual({
      name: 'States.Array',
      arguments: [
        { kind: 'string', value: 'a', raw: 'a' },
        { kind: 'number', value: 1 },
        { kind: 'number', value: -2.5 },
        { kind: 'boolean', value: true },
        { kind: 'boolean', value: false },
        { kind: 'null' },
        { kind: 'path', path: '$.x' },
        { kind: 'path', path: '$$.Execution.Id' },
        { kind: 'path', path: '$var' },
      ],
    });
  });

  it('parses calls without arguments', () => {
    expect(parseIntrinsic('States.UUID()')).toEqual({ name: 'States.UUID', arguments: [] });
  });

  it("resolves the escapes \\' \\{ \\} and \\\\ and keeps the raw text", () => {
    const call = parseIntrinsic("States.Format('it\\'s \\{\\} a \\\\ {}', $.x)");
    expect(call.arguments[0]).toEqual({ kind: 'string', value: "it's {} a \\ {}", raw: "it\\'s \\{\\} a \\\\ {}" });
  });

  it('rejects any other escape in a string literal, as AWS refuses the definition', () => {
    for (const text of [
      String.raw`States.StringToJson('{\"a\":1}')`,
      String.raw`States.Format('a\nb')`,
      String.raw`States.Format('\u0041')`,
    ])
      expect(() => parseIntrinsic(text), text).toThrow(/illegal escape sequence/);
  });

  it('parses nested calls and paths with brackets, filters and commas inside quotes', () => {
    const call = parseIntrinsic("States.ArrayGetItem(States.StringSplit($.arn, '/'), 2)");
    expect(call.arguments[0]).toMatchObject({ kind: 'call', call: { name: 'States.StringSplit' } });
    const filtered = parseIntrinsic("States.ArrayLength($.items[?(@.name == 'a,b')])");
    expect(filtered.arguments).toEqual([{ kind: 'path', path: "$.items[?(@.name == 'a,b')]" }]);
    expect(parseIntrinsic('States.Array($.a[0], $.b[1:2])').arguments).toEqual([
      { kind: 'path', path: '$.a[0]' },
      { kind: 'path', path: '$.b[1:2]' },
    ]);
  });

  it('accepts the documented nine-deep example and rejects more than ten nested calls', () => {
    const deep =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    expect(parseIntrinsic(deep).name).toBe('States.Format');
    const tooDeep = `${'States.Array('.repeat(11)}1${')'.repeat(11)}`;
    expect(() => parseIntrinsic(tooDeep)).toThrow(IntrinsicSyntaxError);
  });

  it('rejects unknown functions, bad syntax and trailing text', () => {
    for (const text of [
      'States.Nope(1)',
      'States.Array(1',
      "States.Array('open)",
      'States.Array(1) extra',
      'States.Array(1,)',
      'Array(1)',
      'States.Array(@)',
    ])
      expect(() => parseIntrinsic(text), text).toThrow(IntrinsicSyntaxError);
  });

  it('tells intrinsic calls from paths', () => {
    expect(looksLikeIntrinsic('States.UUID()')).toBe(true);
    expect(looksLikeIntrinsic('$.States')).toBe(false);
  });
});
