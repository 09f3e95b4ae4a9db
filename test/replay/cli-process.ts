import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH } from '../e2e/server-process.js';

// Test-only: the real `statefold` executable run as a child process, as a user runs it.

/** How a CLI run ended and what it printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI process still running (`history --follow`), whose output a test can wait for. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  /** Resolves once stdout contains `text`; rejects if the process ends first. */
  waitForOutput(text: string): Promise<void>;
  readonly exited: Promise<CliRun>;
}

function cleanEnvironment(): Record<string, string | undefined> {
  const environment: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(environment)) if (name.startsWith('STATEFOLD_')) delete environment[name];
  return environment;
}

/** Starts `node packages/server/dist/cli/main.js ...args`. */
export function startCli(args: readonly string[], options: { readonly cwd?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: cleanEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const check = (): void => {
    for (const watcher of [...watchers]) {
      if (!stdout.includes(watcher.text)) continue;
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      closed = true;
      for (const watcher of watchers.splice(0))
        watcher.reject(
          new Error(`statefold exited (${code}) before printing '${watcher.text}':\n${stdout}\n${stderr}`),
        );
      resolve({ code, stdout, stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    waitForOutput: (text) =>
      new Promise<void>((resolve, reject) => {
        if (closed && !stdout.includes(text)) {
          reject(new Error(`statefold exited before printing '${text}':\n${stdout}\n${stderr}`));
          return;
        }
        watchers.push({ text, resolve, reject });
        check();
      }),
    exited,
  };
}

/** Runs `statefold ...args` to its end. */
export function runCli(args: readonly string[], options: { readonly cwd?: string } = {}): Promise<CliRun> {
  return startCli(args, options).exited;
}
