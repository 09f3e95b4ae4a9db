import { EngineProcessGone, ServiceCallFailed, type EngineProcess } from './engine-process.js';
import { ACTIVITY_ARN, activityAnswer, callbackAnswer, type ActivityAnswer } from './workload.mjs';

interface Completion {
  readonly token: string;
  readonly answer: ActivityAnswer;
}

// SendTaskSuccess/SendTaskFailure for a task that is no longer pending: the answer was applied
// before (its reply died with the process) or the task timed out and was handed out again.
const alreadySettled = new Set(['TaskTimedOut', 'TaskDoesNotExist']);

/**
 * Everything outside the engine, which outlives its process: the activity worker (polling
 * GetActivityTask) and the callback completer (answering the task tokens the `callback` Lambda
 * hands over). Answers not yet acknowledged are kept and sent again to the next process, as a
 * real client retries a call whose connection broke.
 */
export class ExternalWorld {
  /** Answers acknowledged by the engine. */
  accepted = 0;
  /** Answers refused because their task had already been settled. */
  refused = 0;
  /** Anything else that went wrong: the test expects none. */
  readonly unexpected: string[] = [];
  readonly #queue: Completion[] = [];
  #waiters: (() => void)[] = [];
  #stopping = false;

  /** The child hands over a callback task token. */
  readonly onToken = (token: string, n: number): void => {
    this.#enqueue({ token, answer: { ok: true, output: callbackAnswer(n) } });
  };

  /** Serves one life of the engine process: returns once it has exited (or `stop` was called). */
  async serve(engine: EngineProcess, options: { readonly pollers: number; readonly senders: number }): Promise<void> {
    this.#stopping = false;
    const senders = Array.from({ length: options.senders }, () => this.#send(engine));
    const pollers = engine.started.then(
      () => Promise.all(Array.from({ length: options.pollers }, () => this.#poll(engine))),
      () => undefined,
    );
    await Promise.all([...senders, pollers]);
  }

  /** Ends the loops of `serve` (before a clean shutdown of the process). */
  stop(): void {
    this.#stopping = true;
    this.#wake();
  }

  /** Answers not yet acknowledged. */
  get outstanding(): number {
    return this.#queue.length;
  }

  #enqueue(completion: Completion): void {
    this.#queue.push(completion);
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #poll(engine: EngineProcess): Promise<void> {
    while (engine.alive && !this.#stopping) {
      try {
        const task = await engine.call<{ taskToken?: string; input?: string }>('getActivityTask', {
          activityArn: ACTIVITY_ARN,
          workerName: 'crash-worker',
        });
        if (task.taskToken !== undefined && task.input !== undefined) {
          this.#enqueue({ token: task.taskToken, answer: activityAnswer(task.input) });
        }
      } catch (error) {
        if (error instanceof EngineProcessGone) return;
        this.unexpected.push(`GetActivityTask: ${String(error)}`);
        return;
      }
    }
  }

  async #send(engine: EngineProcess): Promise<void> {
    while (engine.alive && !this.#stopping) {
      const completion = this.#queue.shift();
      if (completion === undefined) {
        await Promise.race([new Promise<void>((resolve) => this.#waiters.push(resolve)), engine.exited]);
        continue;
      }
      const { token, answer } = completion;
      try {
        if (answer.ok) await engine.call('sendTaskSuccess', { taskToken: token, output: answer.output });
        else await engine.call('sendTaskFailure', { taskToken: token, error: answer.error, cause: answer.cause });
        this.accepted++;
      } catch (error) {
        if (error instanceof EngineProcessGone) {
          this.#queue.unshift(completion);
          return;
        }
        if (error instanceof ServiceCallFailed && alreadySettled.has(error.code)) this.refused++;
        else this.unexpected.push(`SendTask${answer.ok ? 'Success' : 'Failure'}: ${String(error)}`);
      }
    }
  }
}
