import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetActivityTaskCommand } from '@aws-sdk/client-sfn';
import { memoryStore } from '@statefold/store-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenServiceOptions } from './open-service.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { runCli, type CliEnvironment } from './run-cli.js';
import { createDeferred, createSdkClient } from '../test-kit/server-kit.js';

// Runs the CLI in-process with a fake service, captured output and signals the test sends.
function createCliHarness(variables: CliEnvironment['variables'] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const listening = createDeferred<string>();
  const pollStarted = createDeferred();
  const opened: OpenServiceOptions[] = [];
  let closed = 0;
  let sendSignal: (signal: string) => void = () => undefined;
  const environment: CliEnvironment = {
    variables,
    stdout: (text) => {
      out.push(text);
      const address = /listening on (\S+)/.exec(text)?.[1];
      if (address !== undefined) listening.resolve(address);
    },
    stderr: (text) => void err.push(text),
    version: '9.9.9',
    onStopSignal: (stop) => {
      sendSignal = stop;
      return () => (sendSignal = () => undefined);
    },
    openService: async (options) => {
      opened.push(options);
      return {
        storeDescription: options.store === 'memory' ? 'memory' : `sqlite ${options.db}`,
        store: memoryStore(),
        resumedExecutions: 0,
        service: {
          getActivityTask: (_input: unknown, callOptions?: { signal?: AbortSignal }) =>
            new Promise<object>((resolve) => {
              pollStarted.resolve();
              callOptions?.signal?.addEventListener('abort', () => resolve({}));
            }),
        },
        close: async () => void closed++,
      };
    },
  };
  return {
    environment,
    out,
    err,
    listening,
    pollStarted,
    opened,
    closedCount: () => closed,
    signal: (name: string) => sendSignal(name),
  };
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'statefold-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('runCli serve', () => {
  it('logs one start line with the address and store, and on SIGTERM answers waiting polls, closes the service and exits 0', async () => {
    const harness = createCliHarness({ STATEFOLD_STORE: 'memory' });
    const exit = runCli(['serve', '--port', '0'], harness.environment);
    const endpoint = await harness.listening.promise;
    expect(harness.out).toHaveLength(1);
    expect(harness.out[0]).toMatch(
      /^statefold listening on http:\/\/127\.0\.0\.1:\d+ \(store: memory; resumed 0 running executions\)\n$/,
    );
    expect(harness.opened).toEqual([
      {
        store: 'memory',
        db: './.statefold/statefold.db',
        lambda: expect.anything(),
        onError: expect.any(Function),
        services: { 'arn:aws:states:::http:invoke': expect.any(Function) },
      },
    ]);

    const sdk = createSdkClient(endpoint);
    const poll = sdk.send(
      new GetActivityTaskCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:a' }),
    );
    await harness.pollStarted.promise;
    harness.signal('SIGTERM');
    expect((await poll).taskToken).toBeUndefined();
    expect(await exit).toBe(EXIT_OK);
    expect(harness.closedCount()).toBe(1);
    expect(harness.err).toEqual([]);
    sdk.destroy();
  });

  it('stops at once with exit code 1 on a second signal while a request holds the graceful stop', async () => {
    const harness = createCliHarness();
    const entered = createDeferred();
    const release = createDeferred();
    const environment: CliEnvironment = {
      ...harness.environment,
      openService: async () => ({
        storeDescription: 'memory',
        store: memoryStore(),
        resumedExecutions: 0,
        service: {
          // Ignores the abort signal, so only a second signal ends the stop.
          getActivityTask: async () => {
            entered.resolve();
            await release.promise;
            return {};
          },
        },
        close: async () => undefined,
      }),
    };
    const exit = runCli(['serve', '--port', '0', '--store', 'memory'], environment);
    const sdk = createSdkClient(await harness.listening.promise);
    const poll = sdk.send(
      new GetActivityTaskCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:a' }),
    );
    await entered.promise;
    harness.signal('SIGINT');
    harness.signal('SIGINT');
    expect(await exit).toBe(EXIT_FAILURE);
    release.resolve();
    await poll;
    sdk.destroy();
  });

  it('exits 2 with a clear message for a config file it cannot read, before opening the store', async () => {
    const harness = createCliHarness();
    const missing = join(directory, 'missing.json');
    expect(await runCli(['serve', '--config', missing], harness.environment)).toBe(EXIT_USAGE);
    expect(harness.err.join('')).toContain(`Cannot read config file ${missing}`);
    expect(harness.opened).toEqual([]);
  });

  it('exits 2 for an invalid config given through STATEFOLD_CONFIG', async () => {
    const path = join(directory, 'invalid.json');
    await writeFile(path, JSON.stringify({ lambda: { functions: { F: {} } } }));
    const harness = createCliHarness({ STATEFOLD_CONFIG: path });
    expect(await runCli(['serve'], harness.environment)).toBe(EXIT_USAGE);
    expect(harness.err.join('')).toContain('must have exactly one of');
  });

  it('exits 2 for a LAMBDA_ENDPOINT that is not a URL', async () => {
    const harness = createCliHarness({ LAMBDA_ENDPOINT: 'nowhere' });
    expect(await runCli(['serve'], harness.environment)).toBe(EXIT_USAGE);
    expect(harness.err.join('')).toContain('LAMBDA_ENDPOINT must be an http');
  });

  it('exits 1 when the store cannot be opened', async () => {
    const harness = createCliHarness();
    const environment: CliEnvironment = {
      ...harness.environment,
      openService: async () => {
        throw new Error('file is not a database');
      },
    };
    expect(await runCli(['serve', '--db', '/tmp/x.db'], environment)).toBe(EXIT_FAILURE);
    expect(harness.err.join('')).toBe(
      'statefold: cannot start the service on the sqlite store: file is not a database\n',
    );
  });

  it('exits 1 and closes the service when the port is taken', async () => {
    const first = createCliHarness();
    const running = runCli(['serve', '--port', '0'], first.environment);
    const endpoint = await first.listening.promise;
    const second = createCliHarness();
    const port = new URL(endpoint).port;
    expect(await runCli(['serve', '--port', port], second.environment)).toBe(EXIT_FAILURE);
    expect(second.err.join('')).toContain(`cannot listen on 127.0.0.1:${port}`);
    expect(second.closedCount()).toBe(1);
    first.signal('SIGTERM');
    expect(await running).toBe(EXIT_OK);
  });

  it('prints the version', async () => {
    const harness = createCliHarness();
    expect(await runCli(['--version'], harness.environment)).toBe(EXIT_OK);
    expect(harness.out).toEqual(['9.9.9\n']);
  });
});
