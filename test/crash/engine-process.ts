import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutionSummary, RecordedEvent } from '@statefold/core';

const childScript = fileURLToPath(new URL('./engine-child.mjs', import.meta.url));

/** One planned execution as the child dumps it from its store. */
export interface DumpedExecution {
  readonly name: string;
  readonly kind: string;
  readonly summary: ExecutionSummary | null;
  readonly events: readonly RecordedEvent[];
}

/** A call the child could not answer because it died first. */
export class EngineProcessGone extends Error {
  constructor() {
    super('The engine process exited before answering');
    this.name = 'EngineProcessGone';
  }
}

/** A service action the child answered with an error (`name` is the AWS error code). */
export class ServiceCallFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ServiceCallFailed';
  }
}

type ChildMessage =
  | { readonly type: 'ready' | 'started' | 'done' }
  | { readonly type: 'token'; readonly token: string; readonly n: number }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly name: string; readonly message: string }
  | { readonly type: 'engine-error'; readonly message: string }
  | { readonly type: 'dump'; readonly executions: readonly DumpedExecution[] };

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Waiters attach their own handlers; this only keeps an unobserved rejection from being reported.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The workload's engine in a child process (engine-child.mjs), on a SQLite file or in memory.
 * `call` runs a service action in it; callback tokens arrive through `onToken`. Every call still
 * waiting when the process dies rejects with `EngineProcessGone`.
 */
export class EngineProcess {
  readonly ready: Promise<void>;
  readonly started: Promise<void>;
  readonly done: Promise<void>;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Failures the engine reported through `onError`, and anything the child wrote to stderr. */
  readonly problems: string[] = [];
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Deferred<unknown>>();
  readonly #signals = { ready: deferred<void>(), started: deferred<void>(), done: deferred<void>() };
  readonly #dump = deferred<readonly DumpedExecution[]>();
  #nextId = 0;
  #alive = true;

  constructor(storeArgs: readonly string[], onToken: (token: string, n: number) => void) {
    this.ready = this.#signals.ready.promise;
    this.started = this.#signals.started.promise;
    this.done = this.#signals.done.promise;
    this.#child = spawn(process.execPath, [childScript, ...storeArgs], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.#child.stderr?.on('data', (chunk: Buffer) => this.problems.push(chunk.toString('utf8')));
    this.#child.on('message', (message: ChildMessage) => {
      switch (message.type) {
        case 'ready':
        case 'started':
        case 'done':
          this.#signals[message.type].resolve();
          return;
        case 'token':
          onToken(message.token, message.n);
          return;
        case 'reply': {
          const call = this.#pending.get(message.id);
          this.#pending.delete(message.id);
          if (message.ok) call?.resolve(message.result);
          else call?.reject(new ServiceCallFailed(message.name, message.message));
          return;
        }
        case 'engine-error':
          this.problems.push(message.message);
          return;
        case 'dump':
          this.#dump.resolve(message.executions);
          return;
      }
    });
    this.exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#alive = false;
        const gone = new EngineProcessGone();
        for (const call of this.#pending.values()) call.reject(gone);
        this.#pending.clear();
        for (const signalled of Object.values(this.#signals)) signalled.reject(gone);
        this.#dump.reject(gone);
        resolve({ code, signal });
      });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Runs `sfn[method](input)` in the child. */
  call<T>(method: string, input: unknown): Promise<T> {
    if (!this.#alive) return Promise.reject(new EngineProcessGone());
    const id = this.#nextId++;
    const call = deferred<unknown>();
    this.#pending.set(id, call);
    this.#child.send({ type: 'call', id, method, input }, (error) => {
      if (error !== null && this.#pending.delete(id)) call.reject(new EngineProcessGone());
    });
    return call.promise as Promise<T>;
  }

  /** Kills the child with SIGKILL and waits until it is gone. */
  async kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    await this.exited;
  }

  /** Asks the child to close the service and its store and exit; with `dump`, resolves with every planned execution first. */
  async shutdown(dump: boolean): Promise<readonly DumpedExecution[]> {
    this.#child.send({ type: 'shutdown', dump });
    const executions = dump ? await this.#dump.promise : [];
    const { code } = await this.exited;
    if (code !== 0) throw new Error(`The engine process exited with ${String(code)}: ${this.problems.join('\n')}`);
    return executions;
  }
}
