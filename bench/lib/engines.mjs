// The in-process engines under test, behind one shape: `runOne(index)` runs one execution of the
// workload to its end and checks its output. statefold runs through its public API
// (`StepFunctions` on the memory or the SQLite store, every event recorded); the peer is
// aws-local-stepfunctions, which keeps no history and persists nothing.

import './polyfill.mjs';
import { StepFunctions } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import { sqliteStore } from '@statefold/store-sqlite';
import { StateMachine } from 'aws-local-stepfunctions';
import { historyFreeStore } from './history-free-store.mjs';
import { checkOutput } from './workloads.mjs';

/** The identity Lambda handler task-chain-10 calls: it returns its input. */
export const identityLambda = {
  async invoke({ payload }) {
    return { payload };
  },
};

/** AWS's 25,000-event limit, which choice-loop-10000 (two events per state entered) would pass. */
const AWS_MAX_HISTORY_EVENTS = 25_000;

/** Events an execution of `workload` writes, generously over-estimated, for `maxHistoryEvents`. */
export function maxHistoryEventsFor(workload) {
  return Math.max(AWS_MAX_HISTORY_EVENTS, workload.statesEntered * 4 + 100);
}

/**
 * Waits for executions to end through the engine's event stream. An execution can end inside
 * `startExecution` (a Pass chain is one macrostep), before its ARN is known to the caller, so
 * outcomes that nobody waits for yet are kept until asked for.
 */
export class ExecutionOutcomes {
  #waiting = new Map();
  #ended = new Map();
  #subscription;

  constructor(events$) {
    this.#subscription = events$.subscribe(({ executionArn, event }) => {
      const outcome = outcomeOf(event);
      if (outcome === undefined) return;
      const waiter = this.#waiting.get(executionArn);
      if (waiter === undefined) {
        this.#ended.set(executionArn, outcome);
        return;
      }
      this.#waiting.delete(executionArn);
      waiter(outcome);
    });
  }

  /** Resolves with the output text of a SUCCEEDED execution; rejects for any other ending. */
  async output(executionArn) {
    let outcome = this.#ended.get(executionArn);
    if (outcome === undefined) {
      outcome = await new Promise((resolve) => this.#waiting.set(executionArn, resolve));
    } else {
      this.#ended.delete(executionArn);
    }
    if (outcome.ok) return outcome.output;
    throw new Error(`Execution ${executionArn} ended ${outcome.status}: ${outcome.error} ${outcome.cause}`);
  }

  close() {
    this.#subscription.unsubscribe();
  }
}

function outcomeOf(event) {
  switch (event.type) {
    case 'ExecutionSucceeded':
      return { ok: true, output: event.executionSucceededEventDetails.output };
    case 'ExecutionFailed':
      return { ok: false, status: 'FAILED', ...event.executionFailedEventDetails };
    case 'ExecutionAborted':
      return { ok: false, status: 'ABORTED', ...event.executionAbortedEventDetails };
    case 'ExecutionTimedOut':
      return { ok: false, status: 'TIMED_OUT', ...event.executionTimedOutEventDetails };
    default:
      return undefined;
  }
}

/**
 * statefold through `StepFunctions`: one state machine of the workload, executions named by index.
 * @param {'memory' | 'sqlite' | 'history-free'} storeKind `history-free`: memory without events (see history-free-store.mjs)
 * @param {string} [filename] the SQLite file (sqlite only)
 */
export async function createStatefoldRunner(workload, storeKind, filename) {
  const store =
    storeKind === 'memory'
      ? memoryStore()
      : storeKind === 'history-free'
        ? historyFreeStore(memoryStore())
        : await sqliteStore({ filename, synchronous: 'FULL' });
  const sfn = new StepFunctions({
    store,
    lambda: identityLambda,
    maxHistoryEvents: maxHistoryEventsFor(workload),
    onError: (error) => console.error('statefold engine error:', error),
  });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: `bench-${workload.name}`,
    definition: workload.definitionText,
    roleArn: 'arn:aws:iam::123456789012:role/statefold-bench',
  });
  const outcomes = new ExecutionOutcomes(sfn.engine.events$);
  return {
    sfn,
    store,
    stateMachineArn,
    async runOne(index) {
      const { executionArn } = await sfn.startExecution({
        stateMachineArn,
        name: `e-${index}`,
        input: workload.inputText,
      });
      checkOutput(workload, await outcomes.output(executionArn), `statefold (${storeKind})`);
    },
    async close() {
      outcomes.close();
      await sfn.close();
      await store.close();
    },
  };
}

/** aws-local-stepfunctions on the same definition, its Task states overridden by the identity handler. */
export function createPeerRunner(workload) {
  const machine = new StateMachine(workload.definition, { validationOptions: { checkArn: false } });
  const taskResourceLocalHandlers = {};
  for (const [name, state] of Object.entries(workload.definition.States)) {
    if (state.Type === 'Task') taskResourceLocalHandlers[name] = (input) => input;
  }
  return {
    async runOne() {
      const { result } = machine.run(structuredClone(workload.input), { overrides: { taskResourceLocalHandlers } });
      checkOutput(workload, await result, 'aws-local-stepfunctions');
    },
    async close() {},
  };
}
