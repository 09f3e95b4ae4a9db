import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_OPTIONS, MAIN_HELP, parseCommandLine, SERVE_HELP } from './serve-options.js';

describe('parseCommandLine', () => {
  it('serves with the defaults when given no flags and no environment', () => {
    expect(parseCommandLine(['serve'], {})).toEqual({ kind: 'serve', options: DEFAULT_SERVE_OPTIONS });
    expect(DEFAULT_SERVE_OPTIONS).toEqual({
      port: 8083,
      host: '127.0.0.1',
      store: 'sqlite',
      db: './.statefold/statefold.db',
      logFormat: 'text',
      logLevel: 'info',
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const command = parseCommandLine(
      [
        'serve',
        '--port',
        '9000',
        '--host=0.0.0.0',
        '--store',
        'memory',
        '--db',
        '/tmp/x.db',
        '--config=./c.json',
        '--log-format',
        'json',
        '--log-level=debug',
      ],
      {},
    );
    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 9000,
        host: '0.0.0.0',
        store: 'memory',
        db: '/tmp/x.db',
        config: './c.json',
        logFormat: 'json',
        logLevel: 'debug',
      },
    });
  });

  it('reads the environment variables and lets flags win over them', () => {
    const environment = {
      STATEFOLD_PORT: '7000',
      STATEFOLD_HOST: '::1',
      STATEFOLD_STORE: 'memory',
      STATEFOLD_DB: 'env.db',
      STATEFOLD_CONFIG: 'env.json',
      STATEFOLD_LOG_FORMAT: 'json',
      STATEFOLD_LOG_LEVEL: 'error',
    };
    expect(parseCommandLine(['serve'], environment)).toEqual({
      kind: 'serve',
      options: {
        port: 7000,
        host: '::1',
        store: 'memory',
        db: 'env.db',
        config: 'env.json',
        logFormat: 'json',
        logLevel: 'error',
      },
    });
    expect(parseCommandLine(['serve', '--port', '0', '--store', 'sqlite'], environment)).toMatchObject({
      options: { port: 0, store: 'sqlite', host: '::1' },
    });
  });

  it('takes the mock configuration from --mock-config over SFN_MOCK_CONFIG, as Step Functions Local names it', () => {
    expect(parseCommandLine(['serve'], { SFN_MOCK_CONFIG: '/mocks/env.json' })).toMatchObject({
      options: { mockConfig: '/mocks/env.json' },
    });
    expect(
      parseCommandLine(['serve', '--mock-config', 'flag.json'], { SFN_MOCK_CONFIG: '/mocks/env.json' }),
    ).toMatchObject({ options: { mockConfig: 'flag.json' } });
    expect(SERVE_HELP).toContain('SFN_MOCK_CONFIG');
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseCommandLine(['serve'], { STATEFOLD_PORT: '', STATEFOLD_CONFIG: '' })).toEqual({
      kind: 'serve',
      options: DEFAULT_SERVE_OPTIONS,
    });
  });

  it.each([
    [['serve', '--bogus'], "Unknown option '--bogus'"],
    [['serve', '--port'], "Option '--port <value>' argument missing"],
    [['serve', '--port', 'abc'], "--port must be a port number from 0 to 65535, not 'abc'."],
    [['serve', '--port', '65536'], "--port must be a port number from 0 to 65535, not '65536'."],
    [['serve', '--port=-1'], "--port must be a port number from 0 to 65535, not '-1'."],
    [['serve', '--port', '80.5'], "--port must be a port number from 0 to 65535, not '80.5'."],
    [['serve', '--store', 'redis'], "--store must be 'sqlite', 'postgres' or 'memory', not 'redis'."],
    [['serve', '--store', 'postgres'], 'The postgres store needs a postgres:// URL in --db or STATEFOLD_DB.'],
    [
      ['serve', '--store', 'postgres', '--db', 'x.db'],
      "The postgres store needs a postgres:// URL in --db or STATEFOLD_DB, not 'x.db'.",
    ],
    [
      ['serve', '--store', 'sqlite', '--db', 'postgres://h/db'],
      '--db is a PostgreSQL URL: use --store postgres (or leave --store out).',
    ],
    [['serve', '--log-format', 'xml'], "--log-format must be 'text' or 'json', not 'xml'."],
    [['serve', '--log-level', 'warn'], "--log-level must be one of debug, info, error, not 'warn'."],
    [['serve', 'extra'], "Unexpected argument 'extra'"],
    [['launch'], "Unknown command 'launch'."],
    [[], 'Missing command.'],
    [['help', 'launch'], "No help for 'launch'."],
  ])('refuses %j with a usage error', (argv, message) => {
    const command = parseCommandLine(argv, {});
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' ? command.message : '').toContain(message);
  });

  it('chooses the postgres store for a postgres:// URL in --db or STATEFOLD_DB', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    expect(parseCommandLine(['serve', '--db', url], {})).toMatchObject({ options: { store: 'postgres', db: url } });
    expect(parseCommandLine(['serve'], { STATEFOLD_DB: 'postgresql://h/db' })).toMatchObject({
      options: { store: 'postgres', db: 'postgresql://h/db' },
    });
    expect(parseCommandLine(['serve', '--store', 'postgres', '--db', url], {})).toMatchObject({
      options: { store: 'postgres' },
    });
    // A flag naming a file wins over a URL in the environment, and the file is SQLite's.
    expect(parseCommandLine(['serve', '--db', 'x.db'], { STATEFOLD_DB: url })).toMatchObject({
      options: { store: 'sqlite', db: 'x.db' },
    });
  });

  it('names the environment variable that holds a bad value', () => {
    expect(parseCommandLine(['serve'], { STATEFOLD_PORT: 'eighty' })).toEqual({
      kind: 'usage-error',
      message: "STATEFOLD_PORT must be a port number from 0 to 65535, not 'eighty'.",
    });
    expect(parseCommandLine(['serve'], { STATEFOLD_STORE: 'redis' })).toMatchObject({
      message: expect.stringContaining('STATEFOLD_STORE'),
    });
  });

  it('gives help for statefold and for serve', () => {
    expect(parseCommandLine(['--help'], {})).toEqual({ kind: 'help', text: MAIN_HELP });
    expect(parseCommandLine(['-h'], {})).toEqual({ kind: 'help', text: MAIN_HELP });
    expect(parseCommandLine(['help'], {})).toEqual({ kind: 'help', text: MAIN_HELP });
    expect(parseCommandLine(['help', 'serve'], {})).toEqual({ kind: 'help', text: SERVE_HELP });
    expect(parseCommandLine(['serve', '--help'], {})).toEqual({ kind: 'help', text: SERVE_HELP });
    expect(parseCommandLine(['serve', '--port', 'abc', '-h'], {})).toEqual({ kind: 'help', text: SERVE_HELP });
    expect(SERVE_HELP).toContain('STATEFOLD_PORT');
    expect(SERVE_HELP).toContain('LAMBDA_ENDPOINT');
  });
});
