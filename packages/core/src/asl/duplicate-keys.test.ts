import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from './duplicate-keys.js';
import { formatDefinitionProblem, validateDefinition } from './index.js';

describe('findDuplicateKeys', () => {
  it('finds keys repeated in one object, at any depth, with the object location', () => {
    const text = '{"a": 1, "b": {"x": [1, {"y": "\\"}", "y": 2}], "x": 3}, "a": [], "c": {"a": 1}}';
    expect(findDuplicateKeys(text)).toEqual([
      { objectLocation: '/b/x[1]', key: 'y' },
      { objectLocation: '/b', key: 'x' },
      { objectLocation: '/', key: 'a' },
    ]);
  });

  it('finds nothing when every object has distinct keys', () => {
    expect(findDuplicateKeys('{"a": {"a": {"a": [true, null, -1.5e3, "a"]}}}')).toEqual([]);
  });
});

describe('duplicate state names in one States object', () => {
  it('are refused with DUPLICATE_STATE_NAME, which JSON.parse alone would hide', () => {
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}';
    const validation = validateDefinition(text);
    expect(validation.kind === 'invalid' ? validation.problems.map(formatDefinitionProblem) : []).toEqual([
      'DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A',
    ]);
  });

  it('are found inside Parallel branches, but a States key inside Parameters is only data', () => {
    const text =
      '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Parameters": {"States": {"k": 1, "k": 2}}, ' +
      '"Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}]}}}';
    const validation = validateDefinition(text);
    expect(validation.kind === 'invalid' ? validation.problems.map(formatDefinitionProblem) : []).toEqual([
      'DUPLICATE_STATE_NAME: Duplicate State name: B at /States/P/Branches[0]/States/B',
    ]);
  });
});
