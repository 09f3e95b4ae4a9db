import { runChoice } from './run-choice.js';
import { runFail } from './run-fail.js';
import { mapIterationEnded, runMap, startMap } from './run-map.js';
import { parallelBranchEnded, runParallel, startParallel } from './run-parallel.js';
import { runPass } from './run-pass.js';
import { runSucceed } from './run-succeed.js';
import { runTask, scheduleTask } from './run-task.js';
import { runWait } from './run-wait.js';
import type { StateRunners } from './macrostep.js';

/**
 * The runner of each ASL state type (one run-*.ts file per type). `decide` hands this table to its
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
