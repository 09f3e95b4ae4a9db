import type { Trigger } from '../execution/index.js';
import type { Store } from '../store/index.js';
import type { ActivityQueue } from './activity-queue.js';
import { EffectScheduler } from './effect-scheduler.js';
import type { EngineOptions } from './engine-options.js';
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
}

/**
 * The scheduler that performs an engine's effects, and the mocked tasks that answer in place of
 * real invocations when the engine has a Step Functions Local mock configuration.
 */
export function createEngineEffects(wiring: EngineEffectsWiring): {
  readonly effects: EffectScheduler;
  readonly mocks: MockedTasks | undefined;
} {
  const { options, clock, fire } = wiring;
  const mocks =
    options.mockConfig === undefined
      ? undefined
      : new MockedTasks({ config: options.mockConfig, store: wiring.store, fire, track: clock.track?.bind(clock) });
  const effects = new EffectScheduler({
    clock,
    fire,
    activities: wiring.activities,
    ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
    services: options.services ?? {},
    uuid: wiring.uuid,
    startedAt: clock.now().toISOString(),
    ...(mocks === undefined ? {} : { invokeTask: (task, context) => mocks.invoke(task, context) }),
  });
  return { effects, mocks };
}
