/** Where the server writes its few log lines: the start line, and one line per unexpected failure. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** A logger writing `info` to stdout and `error` to stderr, one line each. */
export function createConsoleLogger(): Logger {
  return {
    info: (message) => void process.stdout.write(`${message}\n`),
    error: (message) => void process.stderr.write(`${message}\n`),
  };
}
