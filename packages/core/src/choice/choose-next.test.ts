import { describe, expect, it } from 'vitest';
import type { ChoiceState } from '../asl/index.js';
import type { DataContext } from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import { chooseNext } from './choose-next.js';

const dataContext: DataContext = {
  context: {},
  variables: {},
  random: () => 0,
  uuid: () => 'u',
  state: { name: 'Route', enteredEventId: 5 },
};

const state: ChoiceState = {
  Type: 'Choice',
  QueryLanguage: 'JSONPath',
  Choices: [
    { kind: 'Comparison', Variable: '$.n', Operator: 'NumericLessThan', Value: 0, Next: 'Negative' },
    { kind: 'Comparison', Variable: '$.n', Operator: 'NumericLessThan', Value: 10, Next: 'Small' },
    { kind: 'Comparison', Variable: '$.n', Operator: 'NumericLessThan', Value: 100, Next: 'Medium' },
  ],
  Default: 'Large',
};

describe('chooseNext', () => {
  it('takes the first matching rule and reports its index', () => {
    expect(chooseNext(state, { n: -1 }, dataContext)).toEqual({ next: 'Negative', ruleIndex: 0 });
    expect(chooseNext(state, { n: 5 }, dataContext)).toEqual({ next: 'Small', ruleIndex: 1 });
  });

  it('falls back to the Default without a rule index', () => {
    expect(chooseNext(state, { n: 500 }, dataContext)).toEqual({ next: 'Large' });
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', () => {
    const { Default: _default, ...withoutDefault } = state;
    let failure: unknown;
    try {
      chooseNext(withoutDefault, { n: 500 }, dataContext);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StatesFailure);
    expect((failure as StatesFailure).error).toBe('States.NoChoiceMatched');
    expect((failure as StatesFailure).cause).toContain("executing the state 'Route' (entered at the event id #5)");
  });
});
