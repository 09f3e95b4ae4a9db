import { runChoice } from './choice.js';
import { runFail } from './fail.js';
import { mapIterationEnded, runMap, startMap } from './map.js';
import { parallelBranchEnded, runParallel, startParallel } from './parallel.js';
import { runPass } from './pass.js';
import { runSucceed } from './succeed.js';
import { runTask, scheduleTask } from './task.js';
import { runWait } from './wait.js';

export { applyTaskTrigger } from './task.js';
export { finishWait } from './wait.js';
export { endMapRun } from './distributed-map.js';
import type { StateRunners } from '../macrostep.js';

/**
 * The runner of each ASL state type (one file per type, named after it). `decide` hands this table to its
 * macrostep, and the flow code (state-flow.ts) dispatches through it: the runners import the flow
 * code, and the flow code never imports them.
 */
export const STATE_RUNNERS: StateRunners = {
  Pass: { enter: runPass },
  Task: { enter: runTask, retry: scheduleTask },
  Choice: { enter: runChoice },
  Wait: { enter: runWait },
  Succeed: { enter: runSucceed },
  Fail: { enter: runFail },
  Parallel: { enter: runParallel, retry: startParallel, childEnded: parallelBranchEnded },
  Map: { enter: runMap, retry: startMap, childEnded: mapIterationEnded },
};
