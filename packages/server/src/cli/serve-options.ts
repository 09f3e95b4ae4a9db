import { parseArgs } from 'node:util';
import { isPostgresUrl } from '@statefold/store-postgres';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../http/logger.js';
import { INSPECTION_HELP } from './inspection-help.js';

/** Which store `statefold serve` keeps its data in. */
export type StoreKind = 'sqlite' | 'postgres' | 'memory';

/** The settings of `statefold serve`, from flags over environment variables over defaults. */
export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly store: StoreKind;
  /** The SQLite file, or the postgres:// URL of the `postgres` store (ignored by the memory store). */
  readonly db: string;
  /** A config file (JSON or ES module) with Lambda routes, when given. */
  readonly config?: string;
  /** On PostgreSQL, how long this node's lease on an execution lasts unless renewed (default 10 000 ms). */
  readonly leaseMs?: number;
  /** How long one JSONata evaluation may run, when not the engine's default (30 s). */
  readonly jsonataTimeoutMs?: number;
  /** How log lines are written: `text` (default) or `json`, one object a line. */
  readonly logFormat: LogFormat;
  /** The lowest level logged: `debug` adds a line per request. */
  readonly logLevel: LogLevel;
  /** `--express-history`: keep Express executions readable (DescribeExecution, GetExecutionHistory), unlike AWS. */
  readonly expressHistory?: boolean;
  /** Step Functions Local's mock configuration file (`MockConfigFile.json`), when given. */
  readonly mockConfig?: string;
}

/** What the command line asks for: run the server, print help or the version, or a usage error (exit 2). */
export type CliCommand =
  | { readonly kind: 'serve'; readonly options: ServeOptions }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

/** The environment variables `statefold serve` reads. */
export interface ServeEnvironment {
  readonly STATEFOLD_PORT?: string | undefined;
  readonly STATEFOLD_HOST?: string | undefined;
  readonly STATEFOLD_STORE?: string | undefined;
  readonly STATEFOLD_DB?: string | undefined;
  readonly STATEFOLD_CONFIG?: string | undefined;
  readonly STATEFOLD_LEASE_MS?: string | undefined;
  readonly STATEFOLD_JSONATA_TIMEOUT_MS?: string | undefined;
  readonly STATEFOLD_LOG_FORMAT?: string | undefined;
  readonly STATEFOLD_LOG_LEVEL?: string | undefined;
  /** Step Functions Local's name for the mock configuration file. */
  readonly SFN_MOCK_CONFIG?: string | undefined;
}

const storeKinds: readonly string[] = ['sqlite', 'postgres', 'memory'] satisfies readonly StoreKind[];

export const DEFAULT_SERVE_OPTIONS = {
  port: 8083,
  host: '127.0.0.1',
  store: 'sqlite',
  db: './.statefold/statefold.db',
  logFormat: 'text',
  logLevel: 'info',
} as const satisfies ServeOptions;

/** `statefold --help`. */
export const MAIN_HELP = `Usage: statefold <command> [options]

AWS Step Functions as an open-source engine: run a server that the AWS SDKs and CLI talk to.

Commands:
  serve         Run the Step Functions API server (statefold serve --help)
${INSPECTION_HELP}  help [cmd]    Show help for statefold or one command

Options:
  -h, --help    Show this help
  --version     Show the version
`;

/** `statefold serve --help`. */
export const SERVE_HELP = `Usage: statefold serve [options]

Runs the AWS Step Functions API (AWS JSON 1.0) over HTTP. Point any SDK at it, e.g.
  aws stepfunctions --endpoint-url http://127.0.0.1:8083 list-state-machines

Options:
  --port <n>          Port to listen on (env STATEFOLD_PORT; default ${DEFAULT_SERVE_OPTIONS.port}; 0 picks a free one)
  --host <addr>       Address to listen on (env STATEFOLD_HOST; default ${DEFAULT_SERVE_OPTIONS.host})
  --store <kind>      sqlite, postgres or memory (env STATEFOLD_STORE; default ${DEFAULT_SERVE_OPTIONS.store},
                      or postgres when --db is a postgres:// URL)
  --db <file|url>     SQLite file, or PostgreSQL URL postgres://user@host:5432/db[?schema=name]
                      (env STATEFOLD_DB; default ${DEFAULT_SERVE_OPTIONS.db})
  --lease-ms <n>      postgres: how long this node's lease on an execution lasts unless renewed; another
                      node takes a dead node's executions over after it (env STATEFOLD_LEASE_MS; default 10000)
  --jsonata-timeout <ms>
                      How long one JSONata evaluation may run (env STATEFOLD_JSONATA_TIMEOUT_MS; default 30000)
  --config <file>     Config file, JSON or ES module, with Lambda routes, limits, auth and
                      timeouts (env STATEFOLD_CONFIG)
  --log-format <f>    text or json, one object a line (env STATEFOLD_LOG_FORMAT; default text)
  --log-level <l>     debug (adds a line per request), info or error (env STATEFOLD_LOG_LEVEL;
                      default info)
  --express-history   Answer DescribeExecution and GetExecutionHistory for Express executions
                      (for debugging; AWS keeps no Express history, and neither does the default)
  --mock-config <file>
                      Step Functions Local mock configuration (env SFN_MOCK_CONFIG): StartExecution
                      on <stateMachineArn>#<TestCase> answers that test case's Tasks with its mocks
  -h, --help          Show this help

Environment:
  LAMBDA_ENDPOINT     Send Lambda tasks not routed by the config to this Lambda Invoke API endpoint

SIGTERM or SIGINT stops accepting requests, finishes those in flight, answers waiting
GetActivityTask polls with no task, closes the store and exits 0.
`;

/**
 * Reads the command line (without `node` and the script) and the environment. Flags win over
 * environment variables, which win over the defaults. Pure: it reads no file.
 */
export function parseCommandLine(argv: readonly string[], environment: ServeEnvironment): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return { kind: 'usage-error', message: 'Missing command.' };
    case '-h':
    case '--help':
      return { kind: 'help', text: MAIN_HELP };
    case '--version':
      return { kind: 'version' };
    case 'help':
      if (rest.length === 0) return { kind: 'help', text: MAIN_HELP };
      if (rest.length === 1 && rest[0] === 'serve') return { kind: 'help', text: SERVE_HELP };
      return { kind: 'usage-error', message: `No help for '${rest.join(' ')}'.` };
    case 'serve':
      return parseServe(rest, environment);
    default:
      return { kind: 'usage-error', message: `Unknown command '${command}'.` };
  }
}

function parseServe(args: readonly string[], environment: ServeEnvironment): CliCommand {
  let values: { readonly [flag: string]: string | boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        store: { type: 'string' },
        db: { type: 'string' },
        config: { type: 'string' },
        'lease-ms': { type: 'string' },
        'jsonata-timeout': { type: 'string' },
        'log-format': { type: 'string' },
        'log-level': { type: 'string' },
        'express-history': { type: 'boolean' },
        'mock-config': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  if (values.help === true) return { kind: 'help', text: SERVE_HELP };
  const pick = (flag: string, variable: keyof ServeEnvironment): { value: string; source: string } | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return { value: fromFlag, source: `--${flag}` };
    const fromEnvironment = environment[variable];
    return fromEnvironment === undefined || fromEnvironment === ''
      ? undefined
      : { value: fromEnvironment, source: variable };
  };

  const port = pick('port', 'STATEFOLD_PORT');
  const portNumber = port === undefined ? DEFAULT_SERVE_OPTIONS.port : Number(port.value);
  if (port !== undefined && (!/^\d+$/.test(port.value) || portNumber > 65535)) {
    return {
      kind: 'usage-error',
      message: `${port.source} must be a port number from 0 to 65535, not '${port.value}'.`,
    };
  }
  const store = pick('store', 'STATEFOLD_STORE');
  if (store !== undefined && !storeKinds.includes(store.value)) {
    return {
      kind: 'usage-error',
      message: `${store.source} must be 'sqlite', 'postgres' or 'memory', not '${store.value}'.`,
    };
  }
  const logFormat = pick('log-format', 'STATEFOLD_LOG_FORMAT');
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat.value)) {
    return { kind: 'usage-error', message: `${logFormat.source} must be 'text' or 'json', not '${logFormat.value}'.` };
  }
  const logLevel = pick('log-level', 'STATEFOLD_LOG_LEVEL');
  if (logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(logLevel.value)) {
    return {
      kind: 'usage-error',
      message: `${logLevel.source} must be one of ${LOG_LEVELS.join(', ')}, not '${logLevel.value}'.`,
    };
  }
  const host = pick('host', 'STATEFOLD_HOST');
  const db = pick('db', 'STATEFOLD_DB');
  // A postgres:// URL names the store by itself; a store that cannot open what --db names is refused.
  const dbIsUrl = db !== undefined && isPostgresUrl(db.value);
  const kind = (store?.value as StoreKind | undefined) ?? (dbIsUrl ? 'postgres' : DEFAULT_SERVE_OPTIONS.store);
  if (kind === 'postgres' && !dbIsUrl) {
    return {
      kind: 'usage-error',
      message: `The postgres store needs a postgres:// URL in --db or STATEFOLD_DB${db === undefined ? '' : `, not '${db.value}'`}.`,
    };
  }
  if (kind === 'sqlite' && dbIsUrl) {
    return {
      kind: 'usage-error',
      message: `${db.source} is a PostgreSQL URL: use --store postgres (or leave --store out).`,
    };
  }
  const config = pick('config', 'STATEFOLD_CONFIG');
  const lease = pick('lease-ms', 'STATEFOLD_LEASE_MS');
  const leaseMs = lease === undefined ? undefined : Number(lease.value);
  if (
    lease !== undefined &&
    (!/^\d+$/.test(lease.value) || leaseMs === undefined || leaseMs < 200 || leaseMs > 600_000)
  ) {
    return {
      kind: 'usage-error',
      message: `${lease.source} must be a number of milliseconds from 200 to 600000, not '${lease.value}'.`,
    };
  }
  const jsonataTimeout = pick('jsonata-timeout', 'STATEFOLD_JSONATA_TIMEOUT_MS');
  const jsonataTimeoutMs = jsonataTimeout === undefined ? undefined : Number(jsonataTimeout.value);
  if (jsonataTimeout !== undefined && (!/^\d+$/.test(jsonataTimeout.value) || jsonataTimeoutMs === 0)) {
    return {
      kind: 'usage-error',
      message: `${jsonataTimeout.source} must be a whole number of milliseconds above 0, not '${jsonataTimeout.value}'.`,
    };
  }
  const mockConfig = pick('mock-config', 'SFN_MOCK_CONFIG');
  return {
    kind: 'serve',
    options: {
      port: portNumber,
      host: host?.value ?? DEFAULT_SERVE_OPTIONS.host,
      store: kind,
      db: db?.value ?? DEFAULT_SERVE_OPTIONS.db,
      ...(config === undefined ? {} : { config: config.value }),
      ...(leaseMs === undefined ? {} : { leaseMs }),
      ...(jsonataTimeoutMs === undefined ? {} : { jsonataTimeoutMs }),
      logFormat: (logFormat?.value as LogFormat | undefined) ?? DEFAULT_SERVE_OPTIONS.logFormat,
      logLevel: (logLevel?.value as LogLevel | undefined) ?? DEFAULT_SERVE_OPTIONS.logLevel,
      ...(values['express-history'] === true ? { expressHistory: true } : {}),
      ...(mockConfig === undefined ? {} : { mockConfig: mockConfig.value }),
    },
  };
}
