import { isJsonObject, type JsonObject, type JsonValue } from '../data/index.js';
import { memberLocation, type ProblemList } from './definition-problem.js';
import { isValidPath } from './jsonpath-syntax.js';
import { findIntrinsicSyntaxError } from './intrinsic-syntax.js';
import { checkJsonataTemplate } from './field-reader.js';
import type { QueryLanguage } from './model.js';

const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MAX_VARIABLE_NAME_LENGTH = 80;

/**
 * Checks a JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, a JSONPath
 * `Assign`): every `key.$` member, at any depth, must hold a JSONPath (from `$`, `$$` or a
 * variable) or an intrinsic function call. AWS reports the containing object's location.
 */
export function checkPayloadTemplate(value: JsonValue, location: string, problems: ProblemList): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkPayloadTemplate(item, `${location}[${index}]`, problems));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, member] of Object.entries(value)) {
    if (key.endsWith('.$')) {
      if (!isDynamicValue(member)) {
        problems.schema(
          `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
          location,
        );
      }
    } else {
      checkPayloadTemplate(member, memberLocation(location, key), problems);
    }
  }
}

/** True for what a `.$` member may hold: a path, a context path, a variable path, an intrinsic. */
export function isDynamicValue(value: JsonValue): boolean {
  if (typeof value !== 'string') return false;
  if (value.startsWith('$')) return isValidPath(value);
  return findIntrinsicSyntaxError(value) === undefined;
}

/**
 * Checks an `Assign` block: an object whose keys are variable names (with a `.$` suffix in
 * JSONPath when the value is dynamic) and whose values follow the state's query language.
 */
export function checkAssign(
  value: JsonValue,
  language: QueryLanguage,
  location: string,
  problems: ProblemList,
): JsonObject | undefined {
  if (!isJsonObject(value)) {
    problems.schema("The value for the field 'Assign' must be a JSON object", location);
    return undefined;
  }
  const assignLocation = memberLocation(location, 'Assign');
  const before = problems.size;
  for (const key of Object.keys(value)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!isVariableName(name)) {
      problems.schema(
        `The variable name '${name}' is invalid: it must start with a letter or '_', contain only letters, digits and '_', and be at most ${MAX_VARIABLE_NAME_LENGTH} characters long`,
        assignLocation,
      );
    }
  }
  if (language === 'JSONPath') checkPayloadTemplate(value, assignLocation, problems);
  else checkJsonataTemplate(value, 'Assign', assignLocation, problems);
  return problems.size === before ? value : undefined;
}

function isVariableName(name: string): boolean {
  // `states` is reserved: JSONata states read the state's data through `$states`.
  return VARIABLE_NAME.test(name) && name.length <= MAX_VARIABLE_NAME_LENGTH && name !== 'states';
}
