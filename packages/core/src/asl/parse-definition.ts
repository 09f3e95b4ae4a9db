import { InvalidDefinition } from '../errors/index.js';
import { deepFreeze, isJsonObject, parseBoundedJson, type JsonValue } from '../data/index.js';
import { formatDefinitionProblem, memberLocation, ProblemList, type DefinitionProblem } from './definition-problem.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { FieldReader, MAX_SECONDS } from './field-reader.js';
import { checkKnownFields } from './field-rules.js';
import { optional } from './optional-field.js';
import { createScopeReader, readScopeBody, type DefinitionWalk } from './read-scope.js';
import type { QueryLanguage, StateMachineModel } from './model.js';

const ROOT = '/';
// The `States` object of the machine, of a Parallel branch or of a Map processor.
const SCOPE_STATES = /^(?:\/States\/.+\/(?:Branches\[\d+\]|ItemProcessor|Iterator))?\/States$/;
const MACHINE_FIELDS = ['Comment', 'StartAt', 'States', 'Version', 'TimeoutSeconds', 'QueryLanguage'];

/** The outcome of validating a definition: its model when it is valid, and every problem found. */
export type DefinitionValidation =
  | { readonly kind: 'valid'; readonly model: StateMachineModel }
  | { readonly kind: 'invalid'; readonly problems: readonly DefinitionProblem[] };

/**
 * Parses an Amazon States Language definition into its typed, deeply frozen model: every scope
 * and state carries its effective `QueryLanguage`, retriers carry ASL's defaults, a Map's legacy
 * `Iterator`/`Parameters` arrive as `ItemProcessor`/`ItemSelector`, Choice rules are normalised,
 * and each Task's `Resource` is classified (`resourceInfo`). Pure. Throws `InvalidDefinition`
 * listing every problem found, each as AWS words it (`SCHEMA_VALIDATION_FAILED: The field "Foo" is
 * not supported by Step Functions at /States/X`).
 *
 * @example
 * const model = parseDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}');
 * model.States['A']?.QueryLanguage; // 'JSONPath'
 */
export function parseDefinition(text: string): StateMachineModel {
  const validation = validateDefinition(text);
  if (validation.kind === 'invalid') throw new InvalidDefinition(validation.problems.map(formatDefinitionProblem));
  return validation.model;
}

/**
 * Validates a definition without throwing: the model, or every problem with its code, sentence and
 * location (what ValidateStateMachineDefinition reports as diagnostics). Pure.
 */
export function validateDefinition(text: string): DefinitionValidation {
  const problems = new ProblemList();
  const model = readDefinition(text, problems);
  if (model === undefined || problems.size > 0) {
    return { kind: 'invalid', problems: problems.toArray() };
  }
  return { kind: 'valid', model: deepFreeze(model) };
}

function readDefinition(text: string, problems: ProblemList): StateMachineModel | undefined {
  if (text.trim() === '') {
    problems.add('MISSING_DESCRIPTION', 'Received a null or empty workflow input');
    return undefined;
  }
  const raw = parseJson(text, problems);
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw)) {
    problems.schema('The definition must be a JSON object', ROOT);
    return undefined;
  }
  for (const { objectLocation, key } of findDuplicateKeys(text)) {
    if (SCOPE_STATES.test(objectLocation)) {
      problems.add('DUPLICATE_STATE_NAME', `Duplicate State name: ${key}`, memberLocation(objectLocation, key));
    }
  }
  const reader = new FieldReader(raw, ROOT, problems);
  checkKnownFields(raw, MACHINE_FIELDS, ROOT, problems);
  const language = readMachineLanguage(reader);
  const walk: DefinitionWalk = { problems, machineLanguage: language, stateNames: new Set() };
  const version = reader.string('Version');
  const timeoutSeconds = reader.integer('TimeoutSeconds', { min: 1, max: MAX_SECONDS });
  const scope = readScopeBody(reader, language, walk, createScopeReader(walk));
  if (scope === undefined) return undefined;
  return { ...scope, ...optional('Version', version), ...optional('TimeoutSeconds', timeoutSeconds) };
}

function parseJson(text: string, problems: ProblemList): JsonValue | undefined {
  const parsed = parseBoundedJson(text);
  if (parsed.ok) return parsed.value;
  problems.add('INVALID_JSON_DESCRIPTION', parsed.problem);
  return undefined;
}

function readMachineLanguage(reader: FieldReader): QueryLanguage {
  const language = reader.raw['QueryLanguage'];
  if (language === undefined || language === 'JSONPath' || language === 'JSONata') return language ?? 'JSONPath';
  reader.invalid('QueryLanguage', 'one of [JSONPath, JSONata]');
  return 'JSONPath';
}
