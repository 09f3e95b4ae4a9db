import { findExpressProblems, type StateMachineModel } from '../asl/index.js';
import { InvalidDefinition } from '../errors/index.js';
import type { StateMachineRecord } from '../store/index.js';

// What is particular to EXPRESS state machines in the service: the definitions they may run, and
// whether their executions' histories are kept (AWS keeps none; statefold can, for debugging).

/** Throws `InvalidDefinition` when a state machine of `type` cannot run `model` (Express: no `.sync`, callbacks or activities). */
export function assertRunnableAs(type: StateMachineRecord['type'], model: StateMachineModel): void {
  if (type !== 'EXPRESS') return;
  const problems = findExpressProblems(model);
  if (problems.length > 0) throw new InvalidDefinition(problems);
}
