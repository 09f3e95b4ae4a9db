import { describe, expect, it } from 'vitest';
import { parseIntrinsic } from '../intrinsics/parse-intrinsic.js';
import { parseJsonPath } from '../jsonpath/json-path.js';
import { createTextParsers } from './text-parsers.js';

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
