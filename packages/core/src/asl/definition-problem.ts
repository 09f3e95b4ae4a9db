/**
 * The diagnostic codes AWS reports for a definition it refuses (the error codes of
 * ValidateStateMachineDefinitionDiagnostic that concern the definition itself).
 */
export type DefinitionProblemCode =
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_DESCRIPTION'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_RESOURCE'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_STATE_NAME'
  | 'MISSING_TRANSITION_TARGET';

/**
 * One problem found in a definition: AWS's code, its sentence, and where it is, as AWS writes
 * locations (`/States/X/Retry[0]/ErrorEquals`). `location` is absent for problems about the
 * whole text or the whole graph (AWS omits it from diagnostics and prints `at null`).
 */
export interface DefinitionProblem {
  readonly code: DefinitionProblemCode;
  readonly message: string;
  readonly location?: string;
}

/**
 * Renders a problem the way `InvalidDefinition` lists it: `CODE: message at /location`.
 * Pure. JSON syntax problems carry the parser's position in their message, so they get no suffix.
 */
export function formatDefinitionProblem(problem: DefinitionProblem): string {
  if (problem.code === 'INVALID_JSON_DESCRIPTION') return `${problem.code}: ${problem.message}`;
  return `${problem.code}: ${problem.message} at ${problem.location ?? 'null'}`;
}

/** Collects every problem of one definition; the validators add to it and never throw. */
export class ProblemList {
  readonly #problems: DefinitionProblem[] = [];

  add(code: DefinitionProblemCode, message: string, location?: string): void {
    this.#problems.push(location === undefined ? { code, message } : { code, message, location });
  }

  /** A schema problem, the most common kind. */
  schema(message: string, location: string): void {
    this.add('SCHEMA_VALIDATION_FAILED', message, location);
  }

  get size(): number {
    return this.#problems.length;
  }

  toArray(): readonly DefinitionProblem[] {
    return [...this.#problems];
  }
}

/** The location of a member of the object at `location`, in AWS's form (`/States/X`). */
export function memberLocation(location: string, key: string): string {
  return location === '/' ? `/${key}` : `${location}/${key}`;
}

/** The location of an array element, in AWS's form (`/States/X/Catch[0]`). */
export function elementLocation(location: string, index: number): string {
  return `${location}[${index}]`;
}
