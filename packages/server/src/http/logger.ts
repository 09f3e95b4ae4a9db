/** Facts a log line carries beside its message (`event`, `requestId`, `status`, …); JSON format writes them as members. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where the server writes its log lines, one line each: the start and stop lines, one line per
 * unexpected failure (a request answered 5xx, an execution that failed for an internal reason),
 * and, when asked for, one line per request (`debug`).
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** One line per request; absent (or filtered out by the level) unless asked for. */
  debug?(message: string, fields?: LogFields): void;
}

/** How log lines are written: `text` for people (the default), `json` for machines (one object a line). */
export type LogFormat = 'text' | 'json';

/** The lowest level written: `debug` adds a line per request, `error` keeps failures only. */
export type LogLevel = 'debug' | 'info' | 'error';

/** The log formats and levels, in the order the CLI lists them. */
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'error'];

/** What `createLogger` writes to and how. */
export interface LoggerOptions {
  readonly format?: LogFormat;
  readonly level?: LogLevel;
  /** Receives `info` and `debug` lines (with their newline); stdout by default. */
  readonly stdout?: (line: string) => void;
  /** Receives `error` lines (with their newline); stderr by default. */
  readonly stderr?: (line: string) => void;
  /** The time each JSON line records; the system clock by default. */
  readonly now?: () => Date;
}

/**
 * A logger writing `info` and `debug` to stdout and `error` to stderr, one line each, in `format`
 * and from `level` up (`info` by default). A text line is the message alone; a JSON line is
 * `{"time","level","message",…fields}`, so a message's line breaks never split a line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'text';
  const level = options.level ?? 'info';
  const stdout = options.stdout ?? ((line: string) => void process.stdout.write(line));
  const stderr = options.stderr ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const write =
    (lineLevel: LogLevel, sink: (line: string) => void) =>
    (message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(lineLevel) < LOG_LEVELS.indexOf(level)) return;
      sink(
        format === 'json'
          ? `${JSON.stringify({ time: now().toISOString(), level: lineLevel, message, ...fields })}\n`
          : `${message}\n`,
      );
    };
  return { debug: write('debug', stdout), info: write('info', stdout), error: write('error', stderr) };
}

/** A logger writing `info` to stdout and `error` to stderr, one line each, as text. */
export function createConsoleLogger(): Logger {
  return createLogger();
}
