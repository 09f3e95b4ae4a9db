import { ValidationException } from '../errors/index.js';

/** How one string member is constrained, as the service model declares it. */
export interface StringConstraint {
  readonly min?: number;
  readonly max?: number;
  /** Counts UTF-8 bytes instead of characters (execution payloads). */
  readonly utf8Bytes?: boolean;
  /** A sensitive member (definition, payloads, error, cause, task token): AWS omits its value. */
  readonly sensitive?: boolean;
}

/**
 * Collects the model-constraint violations of one request and throws them together as AWS
 * does: `ValidationException` with `N validation error(s) detected: …; …`. AWS checks these before
 * anything else (ARN format, existence, names), so every operation runs its validator first.
 */
export class RequestValidator {
  readonly #violations: string[] = [];

  /** A required member: records `Member must not be null` when absent; true when present. */
  required(path: string, value: unknown): boolean {
    if (value !== undefined && value !== null) return true;
    this.#violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return false;
  }

  /** A string member's length (absent values pass: pair with `required`). */
  string(path: string, value: string | undefined, constraint: StringConstraint): void {
    if (typeof value !== 'string') return;
    const size = constraint.utf8Bytes === true ? utf8Length(value) : value.length;
    const shown = constraint.sensitive === true ? 'Value' : `Value '${value}'`;
    const unit = constraint.utf8Bytes === true ? 'size' : 'length';
    const suffix = constraint.utf8Bytes === true ? ' bytes in UTF-8 encoding' : '';
    if (constraint.min !== undefined && size < constraint.min) {
      this.#fail(shown, path, `Member must have ${unit} greater than or equal to ${constraint.min}${suffix}`);
    } else if (constraint.max !== undefined && size > constraint.max) {
      this.#fail(shown, path, `Member must have ${unit} less than or equal to ${constraint.max}${suffix}`);
    }
  }

  /** An integer member's range (absent values pass). */
  integer(path: string, value: number | undefined, min: number, max: number): void {
    if (typeof value !== 'number') return;
    if (value < min) this.#fail(`Value '${value}'`, path, `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.#fail(`Value '${value}'`, path, `Member must have value less than or equal to ${max}`);
  }

  /** An enum member (absent values pass). */
  oneOf(path: string, value: string | undefined, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value)) return;
    this.#fail(`Value '${value}'`, path, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }

  /** A list member's size (absent values pass). */
  listSize(path: string, value: readonly unknown[] | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (value.length < min) this.#fail(`Value '[…]'`, path, `Member must have length greater than or equal to ${min}`);
    else if (value.length > max)
      this.#fail(`Value '[…]'`, path, `Member must have length less than or equal to ${max}`);
  }

  /** Throws `ValidationException` listing every violation found, if any. */
  throwIfInvalid(): void {
    const count = this.#violations.length;
    if (count === 0) return;
    const noun = count === 1 ? 'error' : 'errors';
    throw new ValidationException(`${count} validation ${noun} detected: ${this.#violations.join('; ')}`);
  }

  #fail(shown: string, path: string, constraint: string): void {
    this.#violations.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}

/** Constraints shared by many actions (today's AWS model). */
export const constraints = {
  name: { min: 1, max: 80 },
  arn: { min: 1, max: 256 },
  definition: { min: 1, max: 1_048_576, sensitive: true },
  payload: { max: 262_144, utf8Bytes: true, sensitive: true },
  error: { max: 256, sensitive: true },
  cause: { max: 32_768, sensitive: true },
  taskToken: { min: 1, max: 2048, sensitive: true },
  nextToken: { min: 1, max: 1024 },
  traceHeader: { max: 256 },
  workerName: { max: 80 },
  versionDescription: { max: 256, sensitive: true },
  clientToken: { min: 1, max: 64 },
} as const satisfies Record<string, StringConstraint>;

/** Checks `maxResults` (0–1000) and `nextToken` (1–1024), common to every List action. */
export function checkPaging(
  validator: RequestValidator,
  input: { readonly maxResults?: number | undefined; readonly nextToken?: string | undefined },
): void {
  validator.integer('maxResults', input.maxResults, 0, 1000);
  validator.string('nextToken', input.nextToken, constraints.nextToken);
}

/** The page size a `maxResults` asks for: 0 or absent means AWS's default of 100. */
export function pageSize(maxResults: number | undefined): number {
  return maxResults === undefined || maxResults === 0 ? 100 : maxResults;
}

/** The number of bytes `text` takes in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). Pure. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
