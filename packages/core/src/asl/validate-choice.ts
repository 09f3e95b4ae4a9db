import { isJsonObject, type JsonValue } from '../data/index.js';
import { elementLocation, memberLocation, type ProblemList } from './definition-problem.js';
import { FieldReader } from './field-reader.js';
import { checkKnownFields, checkRequiredFields } from './field-rules.js';
import { isJsonataExpression } from './jsonata-syntax.js';
import { isValidPath } from './jsonpath-syntax.js';
import { assertNever } from '../data/index.js';
import { optional } from './optional-field.js';
import { checkAssign } from './payload-template-syntax.js';
import { isTimestamp } from '../data/index.js';
import type { ChoiceRule, ComparisonOperator, ConditionRule, QueryLanguage, TopLevelChoiceRule } from './model.js';

type OperandKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'path' | 'test';

// Every comparison operator and what its value must be. The `Is…` tests take a boolean.
const OPERATORS: Readonly<Record<ComparisonOperator, OperandKind>> = {
  StringEquals: 'string',
  StringEqualsPath: 'path',
  StringLessThan: 'string',
  StringLessThanPath: 'path',
  StringGreaterThan: 'string',
  StringGreaterThanPath: 'path',
  StringLessThanEquals: 'string',
  StringLessThanEqualsPath: 'path',
  StringGreaterThanEquals: 'string',
  StringGreaterThanEqualsPath: 'path',
  StringMatches: 'string',
  NumericEquals: 'number',
  NumericEqualsPath: 'path',
  NumericLessThan: 'number',
  NumericLessThanPath: 'path',
  NumericGreaterThan: 'number',
  NumericGreaterThanPath: 'path',
  NumericLessThanEquals: 'number',
  NumericLessThanEqualsPath: 'path',
  NumericGreaterThanEquals: 'number',
  NumericGreaterThanEqualsPath: 'path',
  BooleanEquals: 'boolean',
  BooleanEqualsPath: 'path',
  TimestampEquals: 'timestamp',
  TimestampEqualsPath: 'path',
  TimestampLessThan: 'timestamp',
  TimestampLessThanPath: 'path',
  TimestampGreaterThan: 'timestamp',
  TimestampGreaterThanPath: 'path',
  TimestampLessThanEquals: 'timestamp',
  TimestampLessThanEqualsPath: 'path',
  TimestampGreaterThanEquals: 'timestamp',
  TimestampGreaterThanEqualsPath: 'path',
  IsNull: 'test',
  IsPresent: 'test',
  IsNumeric: 'test',
  IsString: 'test',
  IsBoolean: 'test',
  IsTimestamp: 'test',
};
const OPERATOR_NAMES = Object.keys(OPERATORS);
const COMBINATORS = ['And', 'Or', 'Not'];
const NESTED_FIELDS = ['Variable', 'Comment', ...COMBINATORS, ...OPERATOR_NAMES];
const TOP_LEVEL_FIELDS: Readonly<Record<QueryLanguage, readonly string[]>> = {
  JSONPath: ['Next', 'Assign', ...NESTED_FIELDS],
  JSONata: ['Next', 'Comment', 'Assign', 'Output', 'Condition'],
};
const REQUIREMENT: Readonly<Record<OperandKind, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  timestamp: 'an RFC3339 timestamp string',
  path: 'a valid JSONPath',
  test: 'a boolean',
};

function isOperator(key: string): key is ComparisonOperator {
  return key in OPERATORS;
}

/** Reads a Choice state's `Choices`: a non-empty array of top-level rules, each with a `Next`. */
export function readChoices(state: FieldReader, language: QueryLanguage): readonly TopLevelChoiceRule[] | undefined {
  checkRequiredFields(state.raw, ['Choices'], state.location, state.problems);
  const entries = state.array('Choices');
  if (entries === undefined) return undefined;
  if (entries.length === 0) return state.invalid('Choices', 'a non-empty array');
  const location = state.at('Choices');
  const rules: TopLevelChoiceRule[] = [];
  entries.forEach((entry, index) => {
    const rule = readTopLevelRule(entry, elementLocation(location, index), language, state.problems);
    if (rule !== undefined) rules.push(rule);
  });
  return rules;
}

function readTopLevelRule(
  entry: JsonValue,
  location: string,
  language: QueryLanguage,
  problems: ProblemList,
): TopLevelChoiceRule | undefined {
  if (!isJsonObject(entry)) {
    problems.schema("The elements of the field 'Choices' must be JSON objects", location);
    return undefined;
  }
  const reader = new FieldReader(entry, location, problems);
  checkKnownFields(entry, TOP_LEVEL_FIELDS[language], location, problems);
  checkRequiredFields(entry, language === 'JSONata' ? ['Condition', 'Next'] : ['Next'], location, problems);
  const assign = entry['Assign'];
  const extras = {
    Next: reader.string('Next') ?? '',
    ...optional('Comment', reader.string('Comment')),
    ...optional('Assign', assign === undefined ? undefined : checkAssign(assign, language, location, problems)),
    ...optional('Output', language === 'JSONata' ? reader.jsonata('Output') : undefined),
  };
  const rule = language === 'JSONata' ? readCondition(reader) : readRule(reader);
  // An invalid rule keeps its Next so that the graph checks stay accurate (the definition is
  // refused anyway, so the placeholder never reaches a caller).
  return { ...(rule ?? { kind: 'Condition', Condition: false }), ...extras };
}

/** JSONata: `Condition` is a `{% … %}` expression or a literal boolean. */
function readCondition(reader: FieldReader): ConditionRule | undefined {
  const condition = reader.raw['Condition'];
  if (condition === undefined) return undefined;
  if (typeof condition === 'boolean') return { kind: 'Condition', Condition: condition };
  if (!isJsonataExpression(condition)) return reader.invalid('Condition', 'a boolean or a JSONata expression');
  return reader.jsonata('Condition') === undefined ? undefined : { kind: 'Condition', Condition: condition };
}

/** JSONPath: exactly one of And / Or / Not / a comparison operator (which needs `Variable`). */
function readRule(reader: FieldReader): ChoiceRule | undefined {
  const { raw, location, problems } = reader;
  const present = Object.keys(raw).filter((key) => COMBINATORS.includes(key) || isOperator(key));
  const [kind] = present;
  if (kind === undefined || present.length > 1) {
    problems.schema(
      'A Choice Rule must have exactly one of the fields And, Or, Not or a comparison operator',
      location,
    );
    return undefined;
  }
  if (kind === 'And' || kind === 'Or') return readCombination(reader, kind);
  if (kind === 'Not') return readNot(reader);
  if (!isOperator(kind)) return undefined;
  return readComparison(reader, kind);
}

function readCombination(reader: FieldReader, kind: 'And' | 'Or'): ChoiceRule | undefined {
  rejectVariable(reader, kind);
  const entries = reader.array(kind);
  if (entries === undefined) return undefined;
  if (entries.length === 0) return reader.invalid(kind, 'a non-empty array');
  const rules: ChoiceRule[] = [];
  entries.forEach((entry, index) => {
    const rule = readNestedRule(entry, elementLocation(reader.at(kind), index), reader.problems);
    if (rule !== undefined) rules.push(rule);
  });
  if (rules.length !== entries.length) return undefined;
  return kind === 'And' ? { kind: 'And', And: rules } : { kind: 'Or', Or: rules };
}

function readNot(reader: FieldReader): ChoiceRule | undefined {
  rejectVariable(reader, 'Not');
  const rule = readNestedRule(reader.raw['Not'] ?? null, reader.at('Not'), reader.problems);
  return rule === undefined ? undefined : { kind: 'Not', Not: rule };
}

function readNestedRule(entry: JsonValue, location: string, problems: ProblemList): ChoiceRule | undefined {
  if (!isJsonObject(entry)) {
    problems.schema('A Choice Rule must be a JSON object', location);
    return undefined;
  }
  checkKnownFields(entry, NESTED_FIELDS, location, problems);
  return readRule(new FieldReader(entry, location, problems));
}

function rejectVariable(reader: FieldReader, kind: string): void {
  if (reader.has('Variable')) {
    reader.problems.schema(
      `The field "Variable" is not supported by Step Functions in a Choice Rule using ${kind}`,
      reader.location,
    );
  }
}

function readComparison(reader: FieldReader, operator: ComparisonOperator): ChoiceRule | undefined {
  if (!checkRequiredFields(reader.raw, ['Variable'], reader.location, reader.problems)) return undefined;
  const variable = reader.path('Variable');
  const value = reader.raw[operator] ?? null;
  const kind = OPERATORS[operator];
  if (!operandIsValid(kind, value)) {
    reader.invalid(operator, REQUIREMENT[kind]);
    return undefined;
  }
  if (variable === undefined) return undefined;
  return { kind: 'Comparison', Variable: variable, Operator: operator, Value: value };
}

function operandIsValid(kind: OperandKind, value: JsonValue): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
    case 'test':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value);
    case 'path':
      return typeof value === 'string' && isValidPath(value);
    default:
      return assertNever(kind);
  }
}

/** The location of a Choice rule's `Next`, for the transition checks. */
export function choiceNextLocation(stateLocation: string, index: number): string {
  return memberLocation(elementLocation(memberLocation(stateLocation, 'Choices'), index), 'Next');
}
