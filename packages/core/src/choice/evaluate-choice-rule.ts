import type { ChoiceRule } from '../asl/index.js';
import { StatesFailure } from '../errors/index.js';
import { assertNever } from '../data/index.js';
import { describeStateFailure, readPath, type DataContext, type JsonValue } from '../data/index.js';
import { COMPARISON_OPERATORS } from './comparison-operators.js';

function invalidConditionPath(path: string, dataContext: DataContext): StatesFailure {
  return new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `Invalid path '${path}': The choice state's condition path references an invalid value.`,
    ),
  );
}

function evaluateComparison(
  rule: Extract<ChoiceRule, { kind: 'Comparison' }>,
  input: JsonValue,
  dataContext: DataContext,
): boolean {
  const variable = readPath(rule.Variable, input, dataContext);
  // IsPresent is the one test of absence; every other operator needs the Variable to exist.
  if (rule.Operator === 'IsPresent') return variable.found === (rule.Value === true);
  if (!variable.found) throw invalidConditionPath(rule.Variable, dataContext);
  const spec = COMPARISON_OPERATORS[rule.Operator];
  let expected = rule.Value;
  if (spec.valueSource === 'path') {
    if (typeof rule.Value !== 'string') throw invalidConditionPath(String(rule.Value), dataContext);
    const value = readPath(rule.Value, input, dataContext);
    if (!value.found) throw invalidConditionPath(rule.Value, dataContext);
    expected = value.value;
  }
  return spec.compare(variable.value, expected);
}

/**
 * Evaluates one JSONPath Choice rule against the state's (effective) input, with ASL's semantics: a
 * type mismatch is `false`, `IsPresent` on a missing Variable is `false`, `And`/`Or` short-circuit.
 * Pure. Throws `StatesFailure('States.Runtime', …)` when any other operator's Variable (or `…Path`
 * value) matches nothing.
 */
export function evaluateChoiceRule(rule: ChoiceRule, input: JsonValue, dataContext: DataContext): boolean {
  switch (rule.kind) {
    case 'And':
      return rule.And.every((inner) => evaluateChoiceRule(inner, input, dataContext));
    case 'Or':
      return rule.Or.some((inner) => evaluateChoiceRule(inner, input, dataContext));
    case 'Not':
      return !evaluateChoiceRule(rule.Not, input, dataContext);
    case 'Comparison':
      return evaluateComparison(rule, input, dataContext);
    default:
      return assertNever(rule);
  }
}
