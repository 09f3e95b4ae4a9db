import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeExecutionCommand, SFNClient, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { afterAll, afterEach } from 'vitest';

// Test-only helpers for the end-to-end suites: the real `statefold serve` process (built by `tsc -b`),
// a temporary folder for its SQLite file, and the real SDK client pointed at it.

/** The built CLI: `npm test` runs `tsc -b` first, so this is the code `npm start` runs. */
export const CLI_PATH = fileURLToPath(new URL('../../packages/server/dist/cli/main.js', import.meta.url));

const START_LINE = /statefold listening on http:\/\/127\.0\.0\.1:(\d+) /;

/** How a server process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `statefold serve` child process on a free port of 127.0.0.1. */
export interface ServerProcess {
  readonly port: number;
  readonly endpoint: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** Resolves once the process has exited, however it ended. */
  readonly exited: Promise<ProcessExit>;
}

/** What `startServerProcess` runs: `statefold serve --port 0 --db <db>` plus `args`, with `env` added. */
export interface ServerProcessOptions {
  readonly db: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** How to run `statefold` (default: `node <CLI_PATH>`), e.g. `npx statefold` in an installed project. */
  readonly launcher?: {
    readonly command: string;
    readonly args: readonly string[];
    readonly cwd: string;
    /** The environment to start from instead of this process's. */
    readonly env: NodeJS.ProcessEnv;
  };
}

/** Each running server process, with how to signal it (and what it started). */
const running = new Map<ChildProcess, (name: NodeJS.Signals) => void>();

/**
 * Spawns `node packages/server/dist/cli/main.js serve --port 0 --db <db>` and resolves once its start line
 * names the port it listens on. Rejects (with what the process printed) if it exits first.
 */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const environment: Record<string, string | undefined> = { ...(options.launcher?.env ?? process.env) };
  for (const name of Object.keys(environment)) {
    if (name.startsWith('STATEFOLD_') || name === 'LAMBDA_ENDPOINT' || name === 'SFN_MOCK_CONFIG') {
      delete environment[name];
    }
  }
  const launcher = options.launcher ?? { command: process.execPath, args: [CLI_PATH] };
  const child = spawn(
    launcher.command,
    [...launcher.args, 'serve', '--port', '0', '--db', options.db, ...(options.args ?? [])],
    {
      env: { ...environment, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A launcher (npx) does not hand signals on to statefold: it leads a process group of its
      // own, and stop() signals the group, as a terminal does.
      ...(options.launcher === undefined ? {} : { cwd: options.launcher.cwd, detached: true }),
    },
  );
  const signal = (name: NodeJS.Signals): void => {
    if (options.launcher !== undefined && child.pid !== undefined) process.kill(-child.pid, name);
    else child.kill(name);
  };
  running.set(child, signal);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<ProcessExit>((resolve) => {
    // 'close', not 'exit': it also waits for whatever the launcher started, which holds the pipes.
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = START_LINE.exec(stdout);
      if (match === null) return;
      child.stdout.off('data', onData);
      const port = Number(match[1]);
      resolve({
        port,
        endpoint: `http://127.0.0.1:${port}`,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        stop: async (name = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) signal(name);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((exit) => {
      reject(new Error(`statefold serve exited (${JSON.stringify(exit)}) before listening:\n${stdout}\n${stderr}`));
    });
  });
}

/** Kills every server process still running (for `afterAll`, after a failed test). */
export async function killAllServerProcesses(): Promise<void> {
  const exits = [...running].map(
    ([child, signal]) =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        signal('SIGKILL');
      }),
  );
  await Promise.all(exits);
}

/** A fresh temporary folder and a way to remove it. */
export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function createTempDir(prefix = 'statefold-e2e-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The real SDK client, as a user configures it for a local endpoint (dummy credentials, no retries). */
export function createSdkClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'e2e-secret' },
    maxAttempts: 1,
  });
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold-e2e';

/**
 * Timeouts for suites that spawn processes: a start, an AWS CLI call or a 2 s Wait can take many
 * times longer on a loaded 2-core machine. Each suite passes this to `vi.setConfig`; it bounds, it does not pace.
 */
export const PROCESS_SUITE_TIMEOUTS = { testTimeout: 120_000, hookTimeout: 60_000 } as const;

/**
 * Polls DescribeExecution until the execution has left RUNNING and resolves with that answer;
 * rejects after `timeoutMs`. Executions in a real process run on the real clock, so a Wait of
 * 1 s really takes 1 s: this waits for a condition, it assumes no timing.
 */
export async function waitForExecutionEnd(
  client: SFNClient,
  executionArn: string | undefined,
  timeoutMs = 20_000,
): Promise<DescribeExecutionCommandOutput> {
  if (executionArn === undefined) throw new Error('no execution ARN to wait for');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    if (performance.now() > deadline) throw new Error(`${executionArn} is still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The environment an AWS client process (the AWS CLI, boto3) runs in: this process's variables
 * without any AWS_ one (none of the machine's profiles, keys or config files), dummy credentials,
 * the region, and config files under `dir` that do not exist.
 */
export function awsClientEnvironment(dir: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...inherited,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'statefold-local',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: `${dir}/no-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/no-aws-credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** What a suite that starts servers makes: temporary folders and SDK clients, cleaned up by `useSuiteResources`. */
export interface SuiteResources {
  /** A fresh temporary folder, removed after the suite. */
  newDir(): Promise<TempDir>;
  /** An SDK client for `endpoint`, destroyed after the test. */
  clientFor(endpoint: string): SFNClient;
}

/** Registers the hooks that destroy a suite's clients after each test and kill its servers and remove its folders after it. */
export function useSuiteResources(): SuiteResources {
  const dirs: TempDir[] = [];
  const clients: SFNClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await killAllServerProcesses();
    for (const dir of dirs) await dir.remove();
  });
  return {
    newDir: async () => {
      const dir = await createTempDir();
      dirs.push(dir);
      return dir;
    },
    clientFor: (endpoint) => {
      const client = createSdkClient(endpoint);
      clients.push(client);
      return client;
    },
  };
}
