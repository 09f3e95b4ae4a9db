import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { evaluateIntrinsic } from './evaluate-intrinsic.js';

const dataContext: DataContext = {
  context: {
    Execution: { Name: 'run-7' },
    StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:m', Name: 'm' },
  },
  variables: { who: 'Ana' },
  random: () => 0,
  uuid: () => 'ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8',
};
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

describe('States.Format', () => {
  it('fills placeholders in order (AWS documentation example)', () => {
    expect(run("States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' })).toBe('Hello, my name is Arnav.');
  });

  it('prints numbers, objects and arrays as AWS does (conformance cases test_format_2)', () => {
    const template = "States.Format('Formatting arguments fst={} and snd={}.', $.fst, $.snd)";
    expect(run(template, { fst: 1, snd: 1 })).toBe('Formatting arguments fst=1 and snd=1.');
    expect(run(template, { fst: { Arg1: 1, Arg2: [] }, snd: { Arg1: 1, Arg2: [] } })).toBe(
      'Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}.',
    );
  });

  it('reads context and variable paths (conformance case test_context_json_path)', () => {
    expect(run("States.Format('fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)")).toBe(
      'fst=run-7 and snd={Id=arn:aws:states:us-east-1:111111111111:stateMachine:m, Name=m}.',
    );
    expect(run("States.Format('hi {}', $who)")).toBe('hi Ana');
  });

  it('treats escaped braces and quotes as text', () => {
    expect(run("States.Format('\\{\\} is {} and it\\'s fine', 'x')")).toBe("{} is x and it's fine");
  });

  it('fails when placeholders and values do not match in number', () => {
    expect(errorOf("States.Format('{} {}', 1)")).toBe('States.IntrinsicFailure');
    expect(errorOf("States.Format('{}', 1, 2)")).toBe('States.IntrinsicFailure');
    expect(errorOf('States.Format(1)')).toBe('States.IntrinsicFailure');
  });

  it('fails with States.Runtime when a path argument matches nothing', () => {
    expect(errorOf("States.Format('{}', $.nope)")).toBe('States.Runtime');
  });
});

describe('States.StringSplit', () => {
  it('splits at every delimiter character (AWS documentation examples)', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(
      run('States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' }),
    ).toEqual(['This', 'is', 'a', 'test', 'string']);
  });

  it('splits at a newline literal (conformance case test_escape_sequence)', () => {
    expect(run("States.StringSplit('Hello\nWorld', '\n')")).toEqual(['Hello', 'World']);
  });

  it('fails for non-string arguments', () => {
    expect(errorOf("States.StringSplit(1, ',')")).toBe('States.IntrinsicFailure');
  });
});

describe('States.UUID', () => {
  it('returns the injected UUID and takes no arguments', () => {
    expect(run('States.UUID()')).toBe('ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8');
    expect(errorOf("States.UUID('x')")).toBe('States.IntrinsicFailure');
  });
});

describe('evaluateIntrinsic', () => {
  it('evaluates nested calls (AWS documentation example)', () => {
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe.v1/1.0.0';
    expect(run("States.ArrayGetItem(States.StringSplit($.arn, '/'), 1)", { arn })).toBe('my-recipe.v1');
  });

  it('fails with States.IntrinsicFailure for bad syntax', () => {
    expect(errorOf('States.Nope()')).toBe('States.IntrinsicFailure');
  });
});
