import type { Trigger } from '../execution/index.js';
import type { ExecutionSummary, Store } from '../store/index.js';
import type { ActivityQueue } from './activity-queue.js';
import { EffectScheduler } from './effect-scheduler.js';
import type { StartExecutionRequest } from './engine-api.js';
import type { EngineOptions } from './engine-options.js';
import { MapRuns } from './map-runs.js';
import { MockedTasks } from './mocked-task.js';
import type { Clock } from './ports.js';

/** What an engine's effects are wired to. */
export interface EngineEffectsWiring {
  readonly options: EngineOptions;
  readonly store: Store;
  readonly clock: Clock;
  readonly uuid: () => string;
  readonly fire: (executionArn: string, trigger: Trigger) => Promise<unknown>;
  /** Where activity tasks go: this node's pollers, and (on a shared store) the other nodes'. */
  readonly activities: Pick<ActivityQueue, 'offer' | 'withdraw'>;
  /** Starts and aborts the child executions of a Map Run (the engine's startExecution and stopExecution). */
  readonly startChild: (request: StartExecutionRequest) => Promise<ExecutionSummary>;
  readonly stopChild: (executionArn: string) => Promise<unknown>;
  readonly onError: (error: unknown) => void;
  /** True once the engine is closing: Map Runs then start no more children. */
  readonly closed: () => boolean;
}

/**
 * The scheduler that performs an engine's effects, the Map Runs its Distributed Map states start,
 * and the mocked tasks that answer in place of real invocations when the engine has a Step
 * Functions Local mock configuration.
 */
export function createEngineEffects(wiring: EngineEffectsWiring): {
  readonly effects: EffectScheduler;
  readonly mocks: MockedTasks | undefined;
  readonly mapRuns: MapRuns;
} {
  const { options, clock, fire, store } = wiring;
  const mocks =
    options.mockConfig === undefined
      ? undefined
      : new MockedTasks({ config: options.mockConfig, store, fire, track: clock.track?.bind(clock) });
  const now = (): Date => clock.now();
  const { startChild, stopChild, onError } = wiring;
  const mapRuns = new MapRuns({ store, now, startChild, stopChild, fire, onError }, clock, wiring.closed);
  const effects = new EffectScheduler({
    clock,
    fire,
    activities: wiring.activities,
    ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
    services: options.services ?? {},
    uuid: wiring.uuid,
    startedAt: clock.now().toISOString(),
    ...(mocks === undefined ? {} : { invokeTask: (task, context) => mocks.invoke(task, context) }),
    mapRun: (executionArn, effect) => mapRuns.arm(executionArn, effect),
  });
  return { effects, mocks, mapRuns };
}
