import { describe, expect, it } from 'vitest';
import { parseIntrinsic } from './intrinsics/parse-intrinsic.js';
import { parseJsonPath } from './json-path.js';
import { createTextParsers, memoizeText } from './text-memo.js';

describe('memoizeText', () => {
  it('parses each text once and shares the result', () => {
    const parsed: string[] = [];
    const parse = memoizeText((text) => {
      parsed.push(text);
      return { text };
    });
    const first = parse('$.a');
    expect(parse('$.a')).toBe(first);
    parse('$.b');
    expect(parsed).toEqual(['$.a', '$.b']);
  });

  it('does not remember failures: a bad text fails again, with the same error', () => {
    let calls = 0;
    const parse = memoizeText((text) => {
      calls += 1;
      throw new SyntaxError(`bad ${text}`);
    });
    expect(() => parse('x')).toThrow('bad x');
    expect(() => parse('x')).toThrow('bad x');
    expect(calls).toBe(2);
  });

  it('starts afresh past its limit instead of growing without bound', () => {
    const parsed: string[] = [];
    const parse = memoizeText((text) => {
      parsed.push(text);
      return text.length;
    }, 2);
    parse('a');
    parse('b');
    parse('c'); // the cache held two: it is emptied, then remembers 'c'
    parse('c');
    parse('a');
    expect(parsed).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('createTextParsers', () => {
  it('parses as parseJsonPath and parseIntrinsic do, once per text for each set of parsers', () => {
    const parsers = createTextParsers();
    const path = parsers.jsonPath('$.a[0]');
    expect(path).toEqual(parseJsonPath('$.a[0]'));
    expect(parsers.jsonPath('$.a[0]')).toBe(path);
    const call = parsers.intrinsic("States.Format('{}', $.a)");
    expect(call).toEqual(parseIntrinsic("States.Format('{}', $.a)"));
    expect(parsers.intrinsic("States.Format('{}', $.a)")).toBe(call);
    expect(createTextParsers().jsonPath('$.a[0]')).not.toBe(path);
  });
});
