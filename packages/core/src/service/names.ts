import { InvalidName } from '../errors/index.js';

// What AWS forbids in state machine, execution and activity names: whitespace, brackets
// `< > { } [ ]`, wildcards `? *`, the specials `" # % \ ^ | ~ ` $ & , ; : /`, control characters
// (U+0000–001F, U+007F–009F), the non-characters U+FFFE–FFFF and lone surrogates.
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/** True when AWS accepts `name` as a resource name (length is the model's check, not this one). Pure. */
export function isValidName(name: string): boolean {
  return !FORBIDDEN.test(name);
}

/** Throws `InvalidName` (`Invalid Name: '<name>'`) unless `name` is a valid resource name. */
export function assertValidName(name: string): void {
  if (!isValidName(name)) throw new InvalidName(name);
}
