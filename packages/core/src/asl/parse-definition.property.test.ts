import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { InvalidDefinition } from '../errors/index.js';
import { parseDefinition, validateDefinition } from './index.js';

const fieldNames = fc.constantFrom(
  'Type',
  'Next',
  'End',
  'Resource',
  'Choices',
  'Variable',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'Retry',
  'Catch',
  'ErrorEquals',
  'Seconds',
  'Timestamp',
  'InputPath',
  'ResultPath',
  'Parameters',
  'QueryLanguage',
  'StartAt',
  'States',
  'Output',
  'Assign',
  'Condition',
  'And',
  'Not',
  'StringEquals',
  'Default',
  'Error',
  'CausePath',
  'ProcessorConfig',
);
const values = fc.oneof(
  fc.constantFrom(
    'Pass',
    'Task',
    'Choice',
    'Wait',
    'Succeed',
    'Fail',
    'Parallel',
    'Map',
    'A',
    'B',
    '$.x',
    '$$',
    '{% 1 %}',
    'JSONata',
  ),
  fc.boolean(),
  fc.integer({ min: -2, max: 3 }),
  fc.constant(null),
);
// Objects built from ASL's own vocabulary, so that generated definitions get deep into validation.
const aslLike = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, values, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 3 }),
  object: fc.dictionary(fc.oneof(fieldNames, fc.constantFrom('A', 'B')), tie('node'), { maxKeys: 5 }),
})).object;

test.prop([fc.jsonValue()])('never throws while validating any JSON value', (value) => {
  expect(() => validateDefinition(JSON.stringify(value) ?? 'null')).not.toThrow();
});

test.prop([aslLike])(
  'either builds a frozen model or throws InvalidDefinition with at least one problem',
  (definition) => {
    const text = JSON.stringify({ StartAt: 'A', ...definition });
    try {
      expect(Object.isFrozen(parseDefinition(text))).toBe(true);
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(InvalidDefinition);
      expect((error as InvalidDefinition).problems.length).toBeGreaterThan(0);
    }
  },
);

const dynamicValue = fc.oneof(
  fc.string().map((text) => `States.${text}`),
  fc.string().map((text) => `$${text}`),
  fc.string().map((text) => `{%${text}%}`),
  fc.string(),
);

test.prop([dynamicValue, fc.constantFrom('JSONPath', 'JSONata')])(
  'judges any dynamic value in a template without an unexpected exception',
  (value, language) => {
    const state =
      language === 'JSONPath'
        ? { Type: 'Pass', Parameters: { 'v.$': value }, Assign: { 'w.$': value }, End: true }
        : { Type: 'Pass', Output: { v: value }, Assign: { w: value }, End: true };
    const validation = validateDefinition(
      JSON.stringify({ QueryLanguage: language, StartAt: 'A', States: { A: state } }),
    );
    expect(['valid', 'invalid']).toContain(validation.kind);
  },
);
