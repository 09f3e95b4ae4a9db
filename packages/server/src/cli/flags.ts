import { CliFailure } from './source.js';

// What every inspection command receives: its parsed flags and the process around it.

/** What an inspection command may touch. */
export interface InspectionEnvironment {
  readonly variables: { readonly STATEFOLD_DB?: string | undefined };
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Calls `stop` on SIGTERM/SIGINT; returns a function that stops listening (`history --follow`). */
  readonly onStopSignal: (stop: (signal: string) => void) => () => void;
}

/** The flags of one command, parsed: strings, booleans and the positionals. */
export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** `--db`, else `STATEFOLD_DB`, else serve's default file. */
  readonly db: string;
  readonly json: boolean;
}

/** The one positional a command takes, or a usage failure naming it. */
export function onePositional(flags: ParsedFlags, what: string): string {
  const [first, ...rest] = flags.positionals;
  if (first === undefined) throw new CliFailure(`Missing ${what}.`, 2);
  if (rest.length > 0) throw new CliFailure(`Unexpected argument '${rest[0] ?? ''}'.`, 2);
  return first;
}

/** A string flag's value, if given. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Prints a value as indented JSON. */
export function printJson(environment: InspectionEnvironment, value: unknown): void {
  environment.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
