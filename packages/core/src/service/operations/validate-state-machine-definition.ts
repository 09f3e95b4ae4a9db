import { parseDefinition } from '../../asl/index.js';
import { InvalidDefinition } from '../../errors/index.js';
import type {
  ValidateStateMachineDefinitionDiagnostic,
  ValidateStateMachineDefinitionInput,
  ValidateStateMachineDefinitionOutput,
} from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';

/**
 * ValidateStateMachineDefinition: parses the definition and reports each problem as an ERROR
 * diagnostic (`result: FAIL`), or `OK` with none. Pure apart from validation; never throws
 * `InvalidDefinition`. Throws `ValidationException` for a malformed request.
 */
export async function validateStateMachineDefinition(
  input: ValidateStateMachineDefinitionInput,
): Promise<ValidateStateMachineDefinitionOutput> {
  const validator = new RequestValidator();
  if (validator.required('definition', input.definition))
    validator.string('definition', input.definition, constraints.definition);
  validator.oneOf('type', input.type, ['STANDARD', 'EXPRESS']);
  validator.oneOf('severity', input.severity, ['ERROR', 'WARNING']);
  validator.integer('maxResults', input.maxResults, 0, 100);
  validator.throwIfInvalid();

  try {
    parseDefinition(input.definition);
    return { result: 'OK', diagnostics: [], truncated: false };
  } catch (error) {
    if (!(error instanceof InvalidDefinition)) throw error;
    const all = error.problems.map(toDiagnostic);
    const limit = input.maxResults === undefined || input.maxResults === 0 ? 100 : input.maxResults;
    return { result: 'FAIL', diagnostics: all.slice(0, limit), truncated: all.length > limit };
  }
}

// Problems arrive as `CODE: message at /location` (or `at null`, or no location for JSON syntax).
function toDiagnostic(problem: string): ValidateStateMachineDefinitionDiagnostic {
  const match = /^([A-Z_]+): ([\s\S]*?)(?: at (\/\S*|null))?$/.exec(problem);
  if (match === null) return { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: problem };
  const [, code = 'SCHEMA_VALIDATION_FAILED', message = problem, location] = match;
  return {
    severity: 'ERROR',
    code,
    message,
    ...(location === undefined || location === 'null' ? {} : { location }),
  };
}
