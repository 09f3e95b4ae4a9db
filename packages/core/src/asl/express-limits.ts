import type { StateScope } from './model.js';
import { classifyResource } from './task-resource.js';

/**
 * What an EXPRESS state machine may not use, as AWS refuses it when the state machine is created or
 * updated: the `.sync` and `.waitForTaskToken` integration patterns and activities (an Express
 * execution runs for at most five minutes and keeps no history to wait on). Returns one problem
 * text per offending Task, with its location, in definition order (branches and item processors
 * included); none for a definition an Express state machine can run. Pure.
 */
export function findExpressProblems(scope: StateScope, at = ''): string[] {
  const problems: string[] = [];
  for (const [name, state] of Object.entries(scope.States)) {
    const location = `${at}/States/${name}`;
    if (state.Type === 'Task') {
      const problem = expressProblemOf(state.Resource);
      if (problem !== undefined) problems.push(`SCHEMA_VALIDATION_FAILED: ${problem} at ${location}/Resource`);
    } else if (state.Type === 'Parallel') {
      state.Branches.forEach((branch, index) => {
        problems.push(...findExpressProblems(branch, `${location}/Branches[${index}]`));
      });
    } else if (state.Type === 'Map') {
      problems.push(...findExpressProblems(state.ItemProcessor, `${location}/ItemProcessor`));
    }
  }
  return problems;
}

function expressProblemOf(resource: string): string | undefined {
  const info = classifyResource(resource);
  if (info?.kind === 'activity') return 'Express state machine does not support Activity ARN';
  if (info?.waitForTaskToken === true)
    return "Express state machine does not support '.waitForTaskToken' service integration";
  if (/\.sync(:\d+)?$/.test(resource)) return "Express state machine does not support '.sync' service integration";
  return undefined;
}
