// A history of exactly AWS's limit of 25,000 events, recorded on a SQLite file: a Choice loop
// (States.MathAdd + Choice) run until it has written that many. The replay and console figures
// both open it.

import { StepFunctions } from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { ExecutionOutcomes } from './engines.mjs';
import { loadWorkload } from './workloads.mjs';

export const LONG_HISTORY_EVENTS = 25_000;
// Each loop turn writes 4 events (Pass and Choice, entered and exited); the start, the last
// Succeed state and the end write 4 more.
const LOOP_TURNS = (LONG_HISTORY_EVENTS - 4) / 4;

/** Runs the loop once on the SQLite file and returns its execution ARN. */
export async function recordLongHistory(filename) {
  const loop = loadWorkload('choice-loop-1000');
  const definition = structuredClone(loop.definition);
  definition.States.Check.Choices[0].NumericLessThan = LOOP_TURNS;
  const store = await sqliteStore({ filename });
  const sfn = new StepFunctions({ store });
  const outcomes = new ExecutionOutcomes(sfn.engine.events$);
  try {
    const { stateMachineArn } = await sfn.createStateMachine({
      name: 'replay-25000',
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/statefold-bench',
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'long', input: loop.inputText });
    const output = JSON.parse(await outcomes.output(executionArn));
    if (output.i !== LOOP_TURNS) throw new Error(`The loop ended at ${output.i}, not ${LOOP_TURNS}`);
    return executionArn;
  } finally {
    outcomes.close();
    await sfn.close();
    await store.close();
  }
}
