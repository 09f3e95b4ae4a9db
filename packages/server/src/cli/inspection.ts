import { parseArgs } from 'node:util';
import { runExecutions } from './executions.js';
import { runExport } from './export.js';
import { runHistory } from './history.js';
import { runImport } from './import.js';
import { runInspect } from './inspect.js';
import { runReplay } from './replay.js';
import type { InspectionEnvironment, ParsedFlags } from './flags.js';
import { CliFailure } from './source.js';
import { runVerify } from './verify.js';

// The inspection commands: read a server's SQLite file (or an exported file) and report on what
// ran. They share `--db` (the server's file or PostgreSQL URL), `--json` and the exit codes of `serve`.

type Flags = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

interface InspectionCommand {
  readonly help: string;
  readonly flags: Flags;
  readonly run: (flags: ParsedFlags, environment: InspectionEnvironment) => Promise<number>;
}

const DEFAULT_DB = './.statefold/statefold.db';
const DB_LINE = `  --db <file|url>        The server's SQLite file or postgres:// URL (env STATEFOLD_DB; default ${DEFAULT_DB})`;
const JSON_LINE = '  --json                 Machine-readable output';
const common: Flags = { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } };

const COMMANDS: Readonly<Record<string, InspectionCommand>> = {
  history: {
    help: `Usage: statefold history <execution-arn | file> [--follow] [--json] [--db <file|url>]

Prints an execution's history as a timeline: event id, time since the start, type, state and a
short detail. <file> is a statefold export or the JSON of 'aws stepfunctions get-execution-history'.

  --follow               Keep printing events as a running execution writes them (from the
                         server's SQLite file), until it ends or Ctrl-C
  --execution <arn>      The execution to show, for an export holding several
${JSON_LINE} (JSON Lines with --follow)
${DB_LINE}
`,
    flags: { ...common, follow: { type: 'boolean' }, execution: { type: 'string' }, 'poll-ms': { type: 'string' } },
    run: runHistory,
  },
  inspect: {
    help: `Usage: statefold inspect <execution-arn | file> --at <event-id> [--definition <file>] [--json] [--db <file|url>]

Prints the execution's state right after event <event-id>: its status, each running thread's
state, input, retry counters and variables, and what it waits for (timers, tasks, timeouts).

  --at <event-id>        The event (0: before the first)
  --definition <file>    The definition, for an AWS history (to tell Parallel branches and Map
                         iterations apart, which AWS's events do not say)
  --execution <arn>      The execution, for an export holding several
${JSON_LINE}
${DB_LINE}
`,
    flags: { ...common, at: { type: 'string' }, definition: { type: 'string' }, execution: { type: 'string' } },
    run: runInspect,
  },
  replay: {
    help: `Usage: statefold replay <execution-arn | file> [--definition <file>] [--json] [--db <file|url>]

Runs the recorded history again against a definition — the one it ran with, or an edited one —
feeding it the recorded task results, times and identity, and prints the first event where the
definition now decides differently, or that it replays cleanly. Exits 1 when it diverges.

  --definition <file>    The definition to replay against (default: the one the execution ran;
                         required for an AWS history)
  --execution <arn>      The execution, for an export holding several
${JSON_LINE}
${DB_LINE}
`,
    flags: { ...common, definition: { type: 'string' }, execution: { type: 'string' } },
    run: runReplay,
  },
  verify: {
    help: `Usage: statefold verify [<export-file>] [--execution <arn>] [--json] [--db <file|url>]

Recomputes the SHA-256 hash chain of every execution's events (or of one) and names the first
event that was altered, inserted or removed. Exits 1 when a chain does not hold.

  --execution <arn>      Verify this execution only
${JSON_LINE}
${DB_LINE}
`,
    flags: { ...common, execution: { type: 'string' } },
    run: runVerify,
  },
  export: {
    help: `Usage: statefold export <execution-arn | state-machine-arn> [--output <file>] [--db <file|url>]

Writes an execution (or every execution of a state machine) as JSON Lines: a header line with
the execution and the definition it ran, then one event a line with its audit hash.

  --output <file>        Write to this file instead of stdout
${DB_LINE}
`,
    flags: { ...common, output: { type: 'string' } },
    run: runExport,
  },
  import: {
    help: `Usage: statefold import <export-file> [--db <file|url>]

Reads an export back into a SQLite file (created if missing). An export whose hash chain does
not hold is refused; an execution the file already has is skipped. Exits 1 if any was refused.

${DB_LINE}
`,
    flags: { ...common },
    run: runImport,
  },
  executions: {
    help: `Usage: statefold executions [--state-machine <name | arn>] [--status <status>] [--since <date>]
                           [--limit <n>] [--next-token <token>] [--json] [--db <file|url>]

Lists executions, newest first, a page at a time.

  --state-machine <sm>   Only this state machine's executions (its name or its ARN)
  --status <status>      RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE
  --since <date>         Only executions started at or after this ISO-8601 date
  --limit <n>            Executions per page, 1 to 1000 (default 50)
  --next-token <token>   The page after the one that printed this token
${JSON_LINE}
${DB_LINE}
`,
    flags: {
      ...common,
      'state-machine': { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      'next-token': { type: 'string' },
    },
    run: runExecutions,
  },
};

/** True for `history`, `inspect`, `replay`, `verify`, `export`, `import` and `executions`. */
export function isInspectionCommand(name: string | undefined): boolean {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** The help text of an inspection command. */
export function inspectionHelp(name: string): string | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name]?.help : undefined;
}

/** Runs an inspection command (`argv` starts with its name) and resolves with the exit code. */
export async function runInspectionCommand(
  argv: readonly string[],
  environment: InspectionEnvironment,
): Promise<number> {
  const [name = '', ...args] = argv;
  const command = COMMANDS[name];
  if (command === undefined || !Object.hasOwn(COMMANDS, name))
    return usage(environment, `Unknown command '${name}'.`, name);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { ...command.flags },
    }) as typeof parsed;
  } catch (error) {
    return usage(environment, (error as Error).message, name);
  }
  if (parsed.values['help'] === true) {
    environment.stdout(command.help);
    return 0;
  }
  const db =
    typeof parsed.values['db'] === 'string' ? parsed.values['db'] : (environment.variables.STATEFOLD_DB ?? DEFAULT_DB);
  try {
    return await command.run(
      { values: parsed.values, positionals: parsed.positionals, db, json: parsed.values['json'] === true },
      environment,
    );
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    if (error.exitCode === 2) return usage(environment, error.message, name);
    environment.stderr(`statefold ${name}: ${error.message}\n`);
    return error.exitCode;
  }
}

function usage(environment: InspectionEnvironment, message: string, name: string): number {
  environment.stderr(`statefold ${name}: ${message}\nRun 'statefold ${name} --help' for usage.\n`);
  return 2;
}
