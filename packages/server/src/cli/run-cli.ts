import { assertNever } from '@statefold/core';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { inspectionHelp, isInspectionCommand, runInspectionCommand } from './inspection.js';
import { runServe, type ServeCommandEnvironment } from './serve.js';
import { parseCommandLine } from './serve-options.js';

/** Everything the CLI touches outside itself, so that it runs in-process in tests. */
export interface CliEnvironment extends ServeCommandEnvironment {
  readonly version: string;
}

/**
 * Runs the `statefold` command line and resolves with the process exit code. `serve` resolves only
 * once a stop signal has shut the server down (a second signal stops at once with exit code 1).
 */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  if (isInspectionCommand(argv[0])) return runInspectionCommand(argv, environment);
  const help = argv[0] === 'help' && argv.length === 2 ? inspectionHelp(argv[1] ?? '') : undefined;
  if (help !== undefined) {
    environment.stdout(help);
    return EXIT_OK;
  }
  const command = parseCommandLine(argv, environment.variables);
  switch (command.kind) {
    case 'help':
      environment.stdout(command.text);
      return EXIT_OK;
    case 'version':
      environment.stdout(`${environment.version}\n`);
      return EXIT_OK;
    case 'usage-error':
      environment.stderr(
        `statefold: ${command.message}\nRun 'statefold --help' or 'statefold serve --help' for usage.\n`,
      );
      return EXIT_USAGE;
    case 'serve':
      return runServe(command.options, environment);
    default:
      return assertNever(command);
  }
}
